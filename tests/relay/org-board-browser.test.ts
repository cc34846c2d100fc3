import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InviteResponse, RegisterResponse } from '../../core';
import type { Store } from '../../relay/store/store';
import { launchChromium } from '../support/chromium';
import { ADMIN_TOKEN, adminHeaders, putRoster, startOrgRelay } from '../support/org-relay';
import { watchPageProblems } from '../support/page-problems';
import { putSource } from '../support/relay-process';
import { embeddedFactory } from './store-factories';

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');
/** The docs' pictures change only when asked (UPDATE_DOC_IMAGES=1), so a test run leaves the tree clean. */
function keepForDocs(name: string): void {
  if (process.env.UPDATE_DOC_IMAGES === '1') copyFileSync(join(ARTIFACTS, name), join(import.meta.dirname, '..', '..', 'docs', 'images', name));
}
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(o: object): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe;
    const result = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } });
    return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
  });
}

const DEPARTMENTS = ['Research', 'Sales', 'Support', 'Finance'];
const factory = embeddedFactory();
let store: Store;
let relay: Awaited<ReturnType<typeof startOrgRelay>>;
let browser: { context: BrowserContext; close(): Promise<void> };
const linked: Record<string, RegisterResponse> = {};

async function join_(email: string): Promise<RegisterResponse> {
  const invite = (await (await fetch(`${relay.url}/api/v1/org/people/${email}/invite`, { method: 'POST', headers: adminHeaders() })).json()) as InviteResponse;
  return (await (await fetch(`${relay.url}/api/v1/invites/${invite.code}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as RegisterResponse;
}

const report = (token: string, source: string, body: Record<string, unknown>) => putSource(relay.url, token, source, { observedAt: new Date().toISOString(), ...body });

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  await factory.start();
  store = await factory.open();
  relay = await startOrgRelay(store);
  const rows = Array.from({ length: 1000 }, (_, i) => `p${String(i).padStart(4, '0')}@example.test,Person ${String(i).padStart(4, '0')},${DEPARTMENTS[i % 4]}`);
  rows.push('ada@example.test,Ada Lovelace,Research', 'grace@example.test,Grace Hopper,Support', 'alan@example.test,Alan Turing,Research');
  expect((await putRoster(relay.url, `email,displayName,department\n${rows.join('\n')}\n`, 'text/csv')).status).toBe(200);
  for (const email of ['ada@example.test', 'grace@example.test', 'alan@example.test']) linked[email] = await join_(email);
  await report(linked['ada@example.test']!.token, 'manual', { availability: 'Available' });
  await report(linked['grace@example.test']!.token, 'teams-web', { call: { inCall: true, muted: false } });
  // Graph's word from 20 minutes ago: past fresh (10 min), not yet expired (60 min).
  await report(linked['alan@example.test']!.token, 'graph', { availability: 'Away', activity: 'Away', observedAt: new Date(Date.now() - 20 * 60_000).toISOString() });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await relay?.close();
  await store?.close();
  await factory.stop();
});

const card = (page: Page, name: string) => page.locator('.card', { has: page.locator('.name', { hasText: name }) });

describe('the organisation board in a real browser', { timeout: 90_000 }, () => {
  it('takes the token once, shows 1,003 people live, searches and filters, with no CSP violation and no axe finding', async () => {
    const page = await browser.context.newPage();
    const problems = watchPageProblems(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    const res = await page.goto(`${relay.url}/org`);
    expect(res?.headers()['content-security-policy']).toContain("default-src 'none'");
    // A wrong token is refused in words and not kept.
    await page.getByLabel('Admin token').fill('x'.repeat(40));
    await page.getByRole('button', { name: 'Open the board' }).click();
    await page.getByRole('alert').filter({ hasText: 'That token was refused' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    // The browser logs that refused request (403) as a console error: expected here, nowhere else.
    expect(problems).toEqual(['Failed to load resource: the server responded with a status of 403 (Forbidden)']);
    problems.length = 0;

    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Open the board' }).click();
    await page.locator('[data-role="summary"]', { hasText: '1003 of 1003 people' }).waitFor();
    await page.locator('[data-role="live"]', { hasText: 'Live' }).waitFor();
    // One page of cards in the DOM, not a thousand.
    expect(await page.locator('.card').count()).toBe(120);
    expect(await page.locator('[data-role="counts"]').innerText()).toContain('Offline: 1000');
    expect(await card(page, 'Ada Lovelace').getAttribute('data-availability')).toBe('Available');
    expect(await card(page, 'Grace Hopper').innerText()).toContain('In a call');
    expect(await card(page, 'Alan Turing').innerText()).toContain('Not updated recently');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'org-board-light.png') });
    keepForDocs('org-board-light.png');

    // Live: a change made elsewhere shows without a reload.
    await report(linked['ada@example.test']!.token, 'manual', { availability: 'DoNotDisturb' });
    await card(page, 'Ada Lovelace').locator('.label', { hasText: 'Do not disturb' }).waitFor();

    await page.getByLabel('Search by name or email').fill('GRACE@');
    await page.locator('[data-role="summary"]', { hasText: '1 of 1003 people' }).waitFor();
    expect(await page.locator('.card .name').allInnerTexts()).toEqual(['Grace Hopper']);
    await page.getByLabel('Search by name or email').fill('');
    await page.getByLabel('Department').selectOption('Research');
    await page.locator('[data-role="summary"]', { hasText: '252 of 1003 people' }).waitFor();
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.locator('[data-role="page"]', { hasText: 'Page 2 of 3' }).waitFor();

    // The token was pasted once: a reload of this tab goes straight to the board.
    await page.reload();
    await page.locator('[data-role="summary"]', { hasText: 'of 1003 people' }).waitFor();
    expect(await page.getByLabel('Admin token').isVisible()).toBe(false);

    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(31, 31, 31)');
    await page.screenshot({ path: join(ARTIFACTS, 'org-board-dark.png') });
    keepForDocs('org-board-dark.png');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByLabel('Search by name or email').fill('a');
    await page.screenshot({ path: join(ARTIFACTS, 'org-board-phone.png') });
    keepForDocs('org-board-phone.png');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('keeps the token in that tab only: a new tab asks for it', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${relay.url}/org`);
    await page.getByLabel('Admin token').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.close();
  });
});
