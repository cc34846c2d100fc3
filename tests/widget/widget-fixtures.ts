import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runScriptable, type Family, type RequestHandler, type RunResult } from '../fakes/scriptable/run';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WIDGET_FILE = join(ROOT, 'dist', 'widget', 'teams-status.js');
export const SHARE_ID = 'q7Zx3mYp0aB9cD2eF4gH6j';
export const SHARE_URL = `https://relay.example.org/s/${SHARE_ID}`;
export const API_URL = `https://relay.example.org/api/v1/s/${SHARE_ID}`;
/** 10:25 UTC on the project's "today". */
export const NOW = Date.parse('2026-11-25T10:25:00Z');
export const MINUTE = 60_000;

export const FAMILIES: Family[] = ['small', 'medium', 'large', 'accessoryCircular', 'accessoryRectangular', 'accessoryInline'];
export const HOME_FAMILIES: Family[] = ['small', 'medium', 'large'];
export const LOCK_FAMILIES: Family[] = ['accessoryCircular', 'accessoryRectangular', 'accessoryInline'];

function newestSource(dir: string): number {
  return Math.max(...readdirSync(dir).map((f) => statSync(join(dir, f)).mtimeMs));
}

/** The built script; built first (by the project's build function) if missing or older than its source. */
export async function builtWidget(): Promise<string> {
  const sources = Math.max(newestSource(join(ROOT, 'widget', 'src')), newestSource(join(ROOT, 'core')));
  if (!existsSync(WIDGET_FILE) || statSync(WIDGET_FILE).mtimeMs < sources) {
    // A variable specifier: widget/build.ts belongs to the tools project, not the tests one.
    const buildModule = pathToFileURL(join(ROOT, 'widget', 'build.ts')).href;
    const { buildWidget } = (await import(buildModule)) as { buildWidget: () => Promise<unknown> };
    await buildWidget();
  }
  return readFileSync(WIDGET_FILE, 'utf8');
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Public views as the relay sends them (relay-api.md). */
export const VIEWS = {
  available: {
    user: { displayName: 'Ada Lovelace', avatarUrl: null },
    level: 'basic',
    availability: 'Available',
    activity: 'Available',
    label: 'Available',
    since: iso(NOW - 95 * MINUTE),
    stale: false,
    updatedAt: iso(NOW - 2 * MINUTE),
    seq: 12,
  },
  inCallMuted: {
    user: { displayName: 'Ada Lovelace', avatarUrl: null },
    level: 'detailed',
    availability: 'Busy',
    activity: 'InACall',
    label: 'In a call',
    since: iso(NOW - 25 * MINUTE),
    stale: false,
    updatedAt: iso(NOW - 1 * MINUTE),
    seq: 42,
    call: { inCall: true, muted: true, camera: false },
    calendar: { busyUntil: iso(NOW + 35 * MINUTE), next: { start: iso(NOW + 215 * MINUTE), end: iso(NOW + 245 * MINUTE), showAs: 'busy' } },
    message: 'Back at 11',
  },
  busyUntil: {
    user: { displayName: 'Grace Hopper', avatarUrl: null },
    level: 'detailed',
    availability: 'Busy',
    activity: 'Busy',
    label: 'Busy',
    since: iso(NOW - 10 * MINUTE),
    stale: false,
    updatedAt: iso(NOW - 3 * MINUTE),
    seq: 7,
    call: null,
    calendar: { busyUntil: iso(NOW + 65 * MINUTE), next: null },
    message: null,
  },
} as const;

export const answer = (json: unknown, status = 200): RequestHandler => () => ({ status, json });
export const networkDown: RequestHandler = () => {
  throw new Error('The Internet connection appears to be offline.');
};

export type StateName = 'available' | 'inCallMuted' | 'busyUntil' | 'staleFromCache' | 'relayDownNoCache' | 'revoked' | 'noLink';
export const STATES: StateName[] = ['available', 'inCallMuted', 'busyUntil', 'staleFromCache', 'relayDownNoCache', 'revoked', 'noLink'];

/** One scenario, end to end through the built script; stale = a good run 12 min ago, then no network. */
export async function runState(source: string, state: StateName, family: Family | null): Promise<RunResult> {
  const files = new Map<string, string>();
  const base = { family, parameter: SHARE_URL, files };
  switch (state) {
    case 'available':
    case 'inCallMuted':
    case 'busyUntil':
      return runScriptable(source, { ...base, now: NOW, handler: answer(VIEWS[state]) });
    case 'staleFromCache':
      await runScriptable(source, { ...base, now: NOW - 12 * MINUTE, handler: answer(VIEWS.inCallMuted) });
      return runScriptable(source, { ...base, now: NOW, handler: networkDown });
    case 'relayDownNoCache':
      return runScriptable(source, { ...base, now: NOW, handler: networkDown });
    case 'revoked':
      return runScriptable(source, { ...base, now: NOW, handler: answer({ error: { code: 'not_found', message: 'No such share.' } }, 404) });
    case 'noLink':
      return runScriptable(source, { ...base, parameter: null, now: NOW, handler: answer(VIEWS.available) });
  }
}
