import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../../../relay/store/store';
import { ADMIN_TOKEN, putRoster, startOrgRelay } from '../../support/org-relay';
import { embeddedFactory, storeForBlock } from '../store-factories';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..', '..', '..');
let store: Store;
let base: string;
let close: () => Promise<void>;

storeForBlock(embeddedFactory(), (opened) => (store = opened));
beforeAll(async () => {
  ({ url: base, close } = await startOrgRelay(store));
  const csv = ['email,displayName,department', ...Array.from({ length: 9 }, (_, i) => `p${i}@cli.example.test,Person ${i},${i % 3 ? 'Sales' : 'Engineering'}`)].join('\r\n');
  expect((await putRoster(base, `${csv}\r\n`, 'text/csv')).status).toBe(200);
});
afterAll(async () => {
  await close?.();
});

const roulette = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'relay/main.ts', 'roulette', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', RELAY_URL: base, RELAY_ADMIN_TOKEN: ADMIN_TOKEN } });

it('plan prints the same table of groups for the same week (a dry run), run remembers the round, the next plan avoids its pairs', async () => {
  const plan = await roulette('plan', '--week', '2027-03-03');
  const again = await roulette('plan', '--week', '2027-03-03');
  const table = (out: string) => out.split('\n').filter((l) => !l.startsWith('dry run'));
  expect(table(plan.stdout)).toEqual(table(again.stdout));
  const lines = plan.stdout.trim().split('\n');
  expect(lines[0]).toMatch(/^#\s+people\s+slot \(UTC\)\s+state$/);
  // 9 people: three pairs and one trio, every row planned (this relay reads no calendars: no slot).
  const rows = lines.slice(1, -1);
  expect(rows).toHaveLength(4);
  expect(rows.filter((r) => r.split(',').length === 3)).toHaveLength(1);
  for (const r of rows) expect(r).toMatch(/—\s+planned$/);
  expect(lines.at(-1)).toMatch(/^dry run .+, week of 2027-03-01: 9\/9 people placed \(100\.0 %\), repeat rate 0\.0 %, cross-department \d+\.\d %$/);
  expect(plan.stderr).toMatch(/planning \d+\.\d s/);

  const real = await roulette('run', '--week', '2027-03-01');
  expect(real.stdout).toMatch(/^round .+, week of 2027-03-01: 9\/9/m);
  const next = await roulette('plan', '--week', '2027-03-08');
  expect(next.stdout).toMatch(/repeat rate 0\.0 %/);

  await expect(roulette('plan', '--week')).rejects.toMatchObject({ code: 1, stderr: 'roulette: --week needs a value\n' });
  await expect(roulette('shuffle')).rejects.toMatchObject({ code: 2 });
});
