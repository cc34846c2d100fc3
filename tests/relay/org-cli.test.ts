import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../../relay/store/store';
import { ADMIN_TOKEN, startOrgRelay } from '../support/org-relay';
import { embeddedFactory, storeForBlock } from './store-factories';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..', '..');
const factory = embeddedFactory();
let store: Store;
let base: string;
let close: () => Promise<void>;
const dir = mkdtempSync(join(tmpdir(), 'people-cli-'));

storeForBlock(factory, (opened) => (store = opened));
beforeAll(async () => {
  ({ url: base, close } = await startOrgRelay(store));
});
afterAll(async () => {
  await close?.();
  rmSync(dir, { recursive: true, force: true });
});

const people = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'relay/main.ts', 'people', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', RELAY_URL: base, RELAY_ADMIN_TOKEN: ADMIN_TOKEN } });

it('imports a CSV in chunks with a summary naming rejected rows by their row in the file, lists, invites and removes', async () => {
  const rows = Array.from({ length: 2500 }, (_, i) => `p${i}@cli.example.test,"Person, ${i}"`);
  rows[2100] = 'not-an-email,Broken';
  const file = join(dir, 'roster.csv');
  writeFileSync(file, `\uFEFFemail,displayName\r\n${rows.join('\r\n')}\r\n`);
  const imported = await people('import', file);
  expect(imported.stdout).toBe('created 2499, updated 0, unchanged 0, removed 0, rejected 1\n  row 2101: email must be an email address\n');
  expect(imported.stderr).toContain('[##############################] 2500/2500 rows');
  const listed = await people('list');
  expect(listed.stdout).toContain('p0@cli.example.test\tPerson, 0\t\tnot linked\n');
  expect(listed.stdout.endsWith('2499 people\n')).toBe(true);
  const invited = await people('invite', 'p7@cli.example.test');
  expect(invited.stdout).toMatch(/^invite link for p7@cli\.example\.test \(one use, until .+\):\nhttps:\/\/status\.example\.test\/join\/\S+\n$/);
  expect((await people('remove', 'p7@cli.example.test')).stdout).toBe('removed p7@cli.example.test\n');
  const again = await people('remove', 'p7@cli.example.test').catch((err: { code: number; stderr: string }) => err);
  expect(again).toMatchObject({ code: 1, stderr: 'people: the relay answered 404: nobody with that email is on the roster\n' });
});

it('explains itself when used wrongly or without the admin token', async () => {
  const usage = await people('frobnicate').catch((err: { code: number; stderr: string }) => err);
  expect(usage).toMatchObject({ code: 2, stderr: expect.stringContaining('usage: npm run relay -- people <command>') });
  const noToken = await run(process.execPath, ['--import', 'tsx', 'relay/main.ts', 'people', 'list'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', RELAY_URL: base } }).catch((err: { code: number; stderr: string }) => err);
  expect(noToken).toMatchObject({ code: 1, stderr: 'people: RELAY_ADMIN_TOKEN is not set: the people commands act as the relay admin\n' });
});
