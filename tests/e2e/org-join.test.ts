import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { InviteResponse, Page as RosterPage, RosterItem } from '../../core';
import { loadConfig } from '../../relay/config';
import { startRelay, type RunningRelay } from '../../relay/start';
import { launchWithExtension, type ExtensionBrowser } from '../support/extension';
import { ADMIN_TOKEN, adminGet, adminHeaders, putRoster } from '../support/org-relay';
import { watchPageProblems } from '../support/page-problems';
import { freePort } from '../support/ports';
import { quietLogger } from '../support/relay-process';

let relay: RunningRelay;
let dataDir: string;
let browser: ExtensionBrowser;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ts-org-join-'));
  const port = await freePort();
  const env = { PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`, RELAY_DATA_DIR: dataDir, RELAY_ADMIN_TOKEN: ADMIN_TOKEN, RELAY_REGISTRATION: 'closed' };
  relay = await startRelay(loadConfig(env), { log: quietLogger });
  browser = await launchWithExtension();
});

afterAll(async () => {
  await browser?.close();
  await relay?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('the extension joins a closed relay with an invite link pasted on its options page', { timeout: 120_000 }, async () => {
  expect((await putRoster(relay.url, 'email,displayName,department\nada@example.test,Ada Lovelace,Research\n', 'text/csv')).status).toBe(200);
  const invite = (await (await fetch(`${relay.url}/api/v1/org/people/ada@example.test/invite`, { method: 'POST', headers: adminHeaders() })).json()) as InviteResponse;
  const page = await browser.openPage('extension/options/index.html');
  const problems = watchPageProblems(page);
  await page.getByLabel('Invite link').fill(invite.url);
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await page.getByRole('textbox', { name: 'Share link' }).waitFor();
  const people = await adminGet<RosterPage<RosterItem>>(relay.url, '/api/v1/org/people');
  expect(people.items).toEqual([expect.objectContaining({ email: 'ada@example.test', linked: true })]);
  expect(problems).toEqual([]);
  await page.close();
});
