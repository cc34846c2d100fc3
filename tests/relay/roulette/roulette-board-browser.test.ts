import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../../../relay/store/store';
import { launchChromium } from '../../support/chromium';
import { ADMIN_TOKEN, adminHeaders, putRoster, startOrgRelay } from '../../support/org-relay';
import { watchPageProblems } from '../../support/page-problems';
import { embeddedFactory, storeForBlock } from '../store-factories';

const factory = embeddedFactory();
let store: Store;
let relay: Awaited<ReturnType<typeof startOrgRelay>>;
let browser: { context: BrowserContext; close(): Promise<void> };

storeForBlock(factory, (opened) => (store = opened));
beforeAll(async () => {
  relay = await startOrgRelay(store);
  const rows = Array.from({ length: 7 }, (_, i) => `p${i}@board.example.test,Person ${i},${i % 2 ? 'Sales' : 'Research'}`);
  expect((await putRoster(relay.url, `email,displayName,department\n${rows.join('\n')}\n`, 'text/csv')).status).toBe(200);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await relay?.close();
});

it('the board shows the current roulette round under everyone, once there is one', { timeout: 90_000 }, async () => {
  const page = await browser.context.newPage();
  const problems = watchPageProblems(page);
  await page.goto(`${relay.url}/org`);
  await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Open the board' }).click();
  await page.locator('[data-role="summary"]', { hasText: '7 of 7 people' }).waitFor();
  // No round yet (204): no section, and nothing for the console.
  expect(await page.locator('[data-role="roulette"]').isHidden()).toBe(true);
  expect(problems).toEqual([]);

  const res = await fetch(`${relay.url}/api/v1/org/roulette/rounds`, { method: 'POST', headers: adminHeaders({ 'content-type': 'application/json' }), body: JSON.stringify({ weekOf: '2027-05-03' }) });
  expect(res.status).toBe(201);
  await page.reload();
  const section = page.getByRole('region', { name: 'Meeting roulette, week of 2027-05-03' });
  await section.waitFor();
  expect(await section.locator('[data-role="roulette-figures"]').textContent()).toMatch(/^7 of 7 people placed in 3 groups · repeats 0 % · across departments \d+(\.\d)? %$/);
  await section.getByText('Groups and times').click();
  const groups = await section.locator('li').allTextContents();
  expect(groups).toHaveLength(3);
  expect(groups.filter((g) => g.split(',').length === 3)).toHaveLength(1);
  for (const g of groups) expect(g).toMatch(/— no time yet — planned$/);
  expect(problems).toEqual([]);
  await page.close();
});
