import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureExtensionBuilt } from '../support/extension';

const ROOT = resolve(import.meta.dirname, '..', '..');
type Messages = Record<string, { message: string; description?: string }>;

/** Every `__MSG_key__` placeholder anywhere in a manifest value, by key. */
function placeholders(value: unknown): string[] {
  if (typeof value === 'string') return [...value.matchAll(/__MSG_(\w+?)__/g)].map((m) => m[1]!);
  if (Array.isArray(value)) return value.flatMap(placeholders);
  if (value && typeof value === 'object') return Object.values(value).flatMap(placeholders);
  return [];
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

// The store and the browser show the name and description from _locales; a missing key would
// show "__MSG_…__" to people, and a missing _locales folder stops Chrome loading the extension.
describe('the built manifest and its messages', { timeout: 180_000 }, () => {
  let dir: string;
  let manifest: Record<string, unknown>;
  let messages: Messages;
  beforeAll(async () => {
    dir = await ensureExtensionBuilt();
    manifest = readJson(join(dir, 'manifest.json'));
    messages = readJson(join(dir, '_locales', 'en', 'messages.json'));
  });

  it('declares English as the default locale, and the build carries its messages', () => {
    expect(manifest.default_locale).toBe('en');
    expect(existsSync(join(dir, '_locales', 'en', 'messages.json'))).toBe(true);
    expect(messages).toEqual(readJson(join(ROOT, '_locales', 'en', 'messages.json')));
  });

  it('takes its name and description from the messages', () => {
    expect(manifest.name).toBe('__MSG_extName__');
    expect(manifest.description).toBe('__MSG_extDescription__');
  });

  it('has a message for every __MSG_ key it uses', () => {
    const keys = placeholders(manifest);
    expect(keys.length).toBeGreaterThanOrEqual(3);
    expect(keys.filter((k) => !messages[k]?.message)).toEqual([]);
  });

  it('keeps the texts within the store limits', () => {
    // Chrome Web Store: name at most 75 characters, description at most 132; short name 12.
    expect(messages.extName!.message.length).toBeLessThanOrEqual(75);
    expect(messages.extDescription!.message.length).toBeLessThanOrEqual(132);
    expect(messages.extShortName!.message.length).toBeLessThanOrEqual(12);
  });

  it('finds a missing key (the check can fail)', () => {
    expect(placeholders({ a: ['__MSG_nope__'], b: { c: 'x __MSG_extName__' } })).toEqual(['nope', 'extName']);
  });
});
