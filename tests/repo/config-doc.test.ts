import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../../core';

// Every environment variable the relay reads is written down where operators look: the table in
// docs/configuration.md, or (the NOTIFY_… family and the Teams bot's) docs/notifications.md.
const ROOT = resolve(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const SOURCES = ['relay/config.ts', 'relay/teams-bot-config.ts', 'relay/env-readers.ts'];
const DOCS = read('docs/configuration.md') + read('docs/notifications.md');

/** Names read as `env.NAME` or passed to a reader as `'NAME'`. */
const variables = [...new Set(SOURCES.flatMap((f) => [...read(f).matchAll(/env\.([A-Z][A-Z0-9_]+)|\(env, '([A-Z][A-Z0-9_]+)'|\('([A-Z][A-Z0-9_]+)', /g)].map((m) => m[1] ?? m[2] ?? m[3]!)))];

describe('the relay settings are documented', () => {
  it('finds the settings it checks', () => {
    expect(variables).toEqual(expect.arrayContaining(['PORT', 'REDIS_URL', 'GRAPH_CLIENT_ID', 'NOTIFY_POLL_MS', 'TEAMS_APP_ID', 'BOT_SERVICE_URL']));
  });

  it.each(variables)('%s is in docs/configuration.md or docs/notifications.md as `%s`', (name) => {
    expect(DOCS).toContain(`\`${name}\``);
  });
});

describe('the error codes are documented', () => {
  // Every code the relay can answer has its row in the errors table of docs/relay-api.md.
  const codes = Object.keys(ERROR_STATUS) as (keyof typeof ERROR_STATUS)[];
  const table = read('docs/relay-api.md');

  it('finds the codes it checks', () => {
    expect(codes).toEqual(expect.arrayContaining(['invalid_field', 'unauthorized', 'blocked_address', 'graph_refused']));
  });

  it.each(codes)('%s has a row with its status', (code) => {
    expect(table).toMatch(new RegExp(`^\\| ${ERROR_STATUS[code]} \\| [^|]*\`${code}\``, 'm'));
  });
});
