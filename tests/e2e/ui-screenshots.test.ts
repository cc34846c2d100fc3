import { once } from 'node:events';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import axe from 'axe-core';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningRelay } from '../../relay/start';
import { startTeamsLocalSimulator } from '../fakes/teams-local/simulator';
import type { TeamsWebFake } from '../fakes/teams-web/server';
import type { ExtensionBrowser } from '../support/extension';
import { watchPageProblems } from '../support/page-problems';
import { extensionRigForFile } from './extension-rig';

const ROOT = resolve(import.meta.dirname, '..', '..');
const ARTIFACTS = join(ROOT, 'test-artifacts', 'ui');
const DOC_IMAGES = join(ROOT, 'docs', 'images');

let relay: RunningRelay;
let browser: ExtensionBrowser;
let teams: TeamsWebFake;

/**
 * axe-core inside the extension page. The page's CSP forbids inline <script>, so the source
 * is evaluated over the DevTools protocol (which CSP does not govern) instead of a script tag.
 */
async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const result = await page.evaluate(async () => {
    const run = (window as unknown as { axe: typeof axe }).axe.run;
    const r = await run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.join(', ')}`);
}

/** Light and dark screenshots of the whole page, kept as test artifacts and as the docs' images. */
async function shoot(page: Page, name: string): Promise<string[]> {
  const problems: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.evaluate(() => document.fonts.ready);
    const file = join(ARTIFACTS, `${name}-${scheme}.png`);
    await page.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide' });
    // The README's pictures change only when asked (UPDATE_DOC_IMAGES=1), so a test run leaves the tree clean.
    if (process.env.UPDATE_DOC_IMAGES === '1') copyFileSync(file, join(DOC_IMAGES, `${name}-${scheme}.png`));
    problems.push(...(await seriousViolations(page)).map((v) => `${scheme}: ${v}`));
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return problems;
}

async function openPage(path: string, width: number): Promise<{ page: Page; problems: string[] }> {
  // Watch from before the first load so errors while booting the page count too.
  const page = await browser.context.newPage();
  const problems = watchPageProblems(page);
  await page.setViewportSize({ width, height: 600 });
  await page.goto(`chrome-extension://${browser.extensionId}/extension/${path}/index.html`);
  return { page, problems };
}

/** Presses Tab from the top until `target` has focus; returns the names of what it passed. */
async function tabTo(page: Page, isTarget: () => Promise<boolean>, max = 30): Promise<number | null> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    if (await isTarget()) return i;
  }
  return null;
}

beforeAll(() => {
  mkdirSync(ARTIFACTS, { recursive: true });
  mkdirSync(DOC_IMAGES, { recursive: true });
});
extensionRigForFile('ts-ui-relay-', (rig) => ({ relay, teams, browser } = rig));

// Each test runs axe several times on a shared, busy machine: give it room, never hide a hang.
describe('extension UI in real Chromium', { timeout: 120_000 }, () => {
  it('options: Relay URL and Connect are labelled, reachable by Tab, and pass axe', async () => {
    const { page, problems } = await openPage('options', 760);
    const url = page.getByLabel('Relay URL');
    const connect = page.getByRole('button', { name: 'Connect' });
    // The page renders once the worker has answered it: wait for both, then insist on one of each.
    await url.waitFor();
    await connect.waitFor();
    await expect(url.count()).resolves.toBe(1);
    await expect(connect.count()).resolves.toBe(1);

    const toUrl = await tabTo(page, () => url.evaluate((el) => el === document.activeElement));
    const toConnect = await tabTo(page, () => connect.evaluate((el) => el === document.activeElement));
    expect(toUrl).not.toBeNull();
    expect(toConnect).not.toBeNull();
    expect(toConnect!).toBeGreaterThan(toUrl!);
    // Keyboard focus is visible: the focused button draws an outline ring.
    expect(await connect.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');

    expect(await shoot(page, 'options-connect')).toEqual([]);

    await url.fill('ftp://relay.example.com');
    await page.getByLabel('Your name').fill('Ada Lovelace');
    await connect.click();
    await expect(page.locator('#relay-url-error').innerText()).resolves.toContain('must start with https:// or http://');
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('options: connecting to a real relay shows the share link, QR and level', async () => {
    const { page, problems } = await openPage('options', 760);
    await page.getByLabel('Relay URL').fill(relay.url);
    await page.getByLabel('Your name').fill('Ada Lovelace');
    await page.getByRole('button', { name: 'Connect' }).click();
    const link = page.getByRole('textbox', { name: 'Share link' });
    await link.waitFor();
    expect(await link.inputValue()).toMatch(new RegExp(`^${relay.url}/`));
    await page.getByRole('img', { name: /QR code of your share link/ }).waitFor();
    expect(await page.getByRole('radio', { name: /Basic/ }).isChecked()).toBe(true);
    await page.locator('section[aria-labelledby="teams-heading"] details.advanced summary').click();
    expect(await shoot(page, 'options-connected')).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('popup: call controls from a Teams tab, manual status in one click, passes axe', async () => {
    const teamsTab = await browser.context.newPage();
    await teamsTab.goto(teams.url());
    const { page, problems } = await openPage('popup', 360);
    const mute = page.getByRole('button', { name: /mute/i });
    await expect.poll(() => mute.isEnabled(), { timeout: 15_000 }).toBe(true);
    expect(await mute.getAttribute('aria-pressed')).toBe('false');
    await mute.click();
    await expect.poll(() => teams.clicks().map((c) => c.control)).toContain('mic');

    await page.getByRole('button', { name: 'Busy for 1 hour' }).click();
    await page.getByRole('button', { name: 'Clear', exact: true }).waitFor();
    await expect(page.locator('.status-header').getAttribute('data-availability')).resolves.toBe('Busy');
    await expect(page.locator('.status-meta').innerText()).resolves.toContain('set by you');
    await expect.poll(() => page.locator('.timeline-summary').innerText()).toMatch(/in calls today/);
    expect(await shoot(page, 'popup')).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
    await teamsTab.close();
  });
  it('popup: "Pair with Teams" follows canPair, and pairing with Teams desktop completes', async () => {
    const sim = await startTeamsLocalSimulator();
    try {
      sim.startMeeting();
      const options = await openPage('options', 760);
      await options.page.locator('section[aria-labelledby="teams-heading"] details.advanced summary').click();
      await options.page.getByLabel('Teams local API address').fill(sim.url);
      await options.page.getByRole('button', { name: 'Save advanced settings' }).click();
      await options.page.getByText('Advanced settings saved.').waitFor();
      expect(options.problems).toEqual([]);
      await options.page.close();

      const { page, problems } = await openPage('popup', 360);
      const pair = page.getByRole('button', { name: 'Pair with Teams' });
      // The worker backs off between attempts, so the new address may take a few seconds.
      await expect.poll(() => pair.isEnabled(), { timeout: 45_000 }).toBe(true);
      await expect(page.locator('#pair-hint').innerText()).resolves.toContain('Teams will show an Allow prompt');
      expect(await shoot(page, 'popup-pairing')).toEqual([]);

      const requested = once(sim.events, 'pair-request');
      await pair.click();
      await requested;
      expect(sim.approvePairing()).toBe(1);
      await page.locator('.health-row', { hasText: 'Teams desktop' }).locator('.health-state', { hasText: /^Paired/ }).waitFor();
      await expect(pair.count()).resolves.toBe(0);
      expect(problems).toEqual([]);
      await page.close();
    } finally {
      await sim.close();
    }
  });
});
