import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockTime, LABEL_LOCALE } from '../../core/wording';
import { loadConfig } from '../../relay/config';
import { startRelay, type RunningRelay } from '../../relay/start';
import { accessibilityViolations } from '../support/accessibility';
import { launchChromium } from '../support/chromium';
import { ARTIFACTS, keepForDocs } from '../support/doc-images';
import { watchPageProblems } from '../support/page-problems';
import { freePort } from '../support/ports';
import { putSource, quietLogger, register } from '../support/relay-process';

const PHONE = { width: 390, height: 844 };

let relay: RunningRelay;
let dataDir: string;
let port: number;
let browser: { context: BrowserContext; close(): Promise<void> };

/** POST to the relay as the token's owner; the status code is all these tests look at. */
async function post(path: string, token: string, body: unknown): Promise<number> {
  const res = await fetch(`${relay.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await res.body?.cancel();
  return res.status;
}

async function person(displayName: string, extra: Record<string, unknown> = {}): Promise<{ token: string; shareId: string }> {
  const r = await register(relay.url, { displayName, ...extra });
  return { token: r.token, shareId: r.share.id };
}

async function put(token: string, source: string, report: Record<string, unknown>): Promise<void> {
  const res = await putSource(relay.url, token, source, { observedAt: new Date().toISOString(), ...report });
  expect(res.status, await res.text()).toBe(200);
}

const text = (page: Page, role: string) => page.locator(`[data-role="${role}"]`).innerText();
const waitForText = (page: Page, role: string, value: string) =>
  page.locator(`[data-role="${role}"]`, { hasText: value }).waitFor({ state: 'visible' });

/**
 * Every way the page may write a window start it took between `fromMs` and `toMs` (the browser
 * runs in this process's zone): the bare time when drawn that day, with the weekday when the
 * drawing came after midnight. Nothing else, so a wrong time or a stray weekday fails.
 */
function windowStartWords(fromMs: number, toMs: number): string[] {
  const words = new Set<string>();
  for (let ms = Math.floor(fromMs / 60_000) * 60_000; ms <= toMs; ms += 60_000) {
    const at = new Date(Math.max(ms, fromMs)).toISOString();
    for (const nowMs of [Math.max(ms, fromMs), toMs]) words.add(clockTime(at, nowMs, { locale: LABEL_LOCALE }));
  }
  return [...words];
}

const config = () => loadConfig({ PORT: String(port), HOST: '127.0.0.1', RELAY_DATA_DIR: dataDir });

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ts-status-page-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  port = await freePort();
  relay = await startRelay(config(), quietLogger);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await relay?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

// Real Chromium on a shared two-core machine: give each test room, the assertions stay exact.
describe('status page in a real browser against a real relay', { timeout: 60_000 }, () => {
  it('shows the person and follows status changes live, without CSP violations', async () => {
    const ada = await person('Ada Lovelace');
    const firstPut = Date.now();
    await put(ada.token, 'manual', { availability: 'Available' });
    const page = await browser.context.newPage();
    const problems = watchPageProblems(page);
    await page.setViewportSize(PHONE);
    const res = await page.goto(`${relay.url}/s/${ada.shareId}`);
    expect(res?.headers()['content-security-policy']).toContain("default-src 'none'");
    expect(res?.headers()['referrer-policy']).toBe('no-referrer');
    expect(await text(page, 'name')).toBe('Ada Lovelace');
    expect(await text(page, 'label')).toBe('Available');
    await waitForText(page, 'live', 'Live');

    await put(ada.token, 'manual', { availability: 'DoNotDisturb' });
    await waitForText(page, 'label', 'Do not disturb');
    expect(await page.locator('body').getAttribute('data-availability')).toBe('DoNotDisturb');
    expect(await page.title()).toBe('Ada Lovelace — Do not disturb');
    // The last-8-hours bar: history loaded once, then extended by the live event.
    await expect.poll(() => page.locator('[data-role="timeline"] rect').count()).toBe(2);
    expect(await page.locator('[data-role="timeline"] rect').last().getAttribute('class')).toBe('seg-DoNotDisturb');
    const summary = (await page.locator('[data-role="timeline"]').getAttribute('aria-label')) ?? '';
    expect(windowStartWords(firstPut, Date.now())).toContain(/^From (.+?) to now: /.exec(summary)?.[1]);
    await page.screenshot({ path: join(ARTIFACTS, 'status-page-light.png') });
    keepForDocs('status-page-light.png');

    await page.emulateMedia({ colorScheme: 'dark' });
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(31, 31, 31)');
    await page.screenshot({ path: join(ARTIFACTS, 'status-page-dark.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows call details, calendar and message at the detailed level, as the server rendered them', async () => {
    const page = await browser.context.newPage();
    const problems = watchPageProblems(page);
    await page.setViewportSize(PHONE);
    // Register in the browser's own zone, so server and browser format the same clock times.
    await page.goto(`${relay.url}/healthz`);
    const timeZone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    const grace = await person('Grace Hopper', { timeZone });
    expect(await post('/api/v1/me/share', grace.token, { level: 'detailed' })).toBe(200);
    const now = Date.now();
    const iso = (min: number) => new Date(Math.floor(now / 60_000) * 60_000 + min * 60_000).toISOString();
    await put(grace.token, 'calendar', { current: { start: iso(-15), end: iso(30), showAs: 'busy' }, next: { start: iso(120), end: iso(150), showAs: 'busy' } });
    await put(grace.token, 'teams-web', { call: { inCall: true, muted: true, camera: false, recording: true, handRaised: true } });
    await put(grace.token, 'graph', { availability: 'Busy', activity: 'InACall', statusMessage: 'Back after the review' });

    // First the page exactly as the server sent it (script blocked), then the live page.
    await page.route('**/assets/status-page.js', (route) => route.abort());
    await page.goto(`${relay.url}/s/${grace.shareId}`);
    const roles = ['name', 'label', 'since', 'call', 'calendar', 'message'];
    const server = await Promise.all(roles.map((r) => text(page, r)));
    await page.unroute('**/assets/status-page.js');
    problems.length = 0; // the blocked script was reported; from here on nothing may be
    await page.goto(`${relay.url}/s/${grace.shareId}`);
    await waitForText(page, 'live', 'Live');
    const client = await Promise.all(roles.map((r) => text(page, r)));
    expect(client).toEqual(server);
    expect(client[3]).toBe('Muted\nCamera off\nRecording\nHand raised');
    expect(client[5]).toBe('Back after the review');
    expect(client[4]).toContain('Next meeting');

    await put(grace.token, 'teams-web', { call: { inCall: true, muted: false, camera: true, sharing: true } });
    await waitForText(page, 'call', 'Sharing screen');
    expect(await text(page, 'call')).toBe('Mic on\nCamera on\nSharing screen');
    await page.locator('summary', { hasText: 'Add to iPhone' }).click();
    await page.screenshot({ path: join(ARTIFACTS, 'status-page-detailed.png'), fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(ARTIFACTS, 'status-page-detailed-dark.png'), fullPage: true });
    keepForDocs('status-page-detailed-dark.png');
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await page.locator('a[download]').getAttribute('href')).toBe(`/s/${grace.shareId}/widget.js`);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('falls back to initials when the avatar does not load', async () => {
    const dan = await person('Dan Brown', { avatarUrl: 'https://avatar.invalid/dan.png' });
    const page = await browser.context.newPage();
    await page.goto(`${relay.url}/s/${dan.shareId}`);
    await waitForText(page, 'live', 'Live');
    await page.locator('[data-role="initials"]', { hasText: 'DB' }).waitFor();
    expect(await page.locator('img').count()).toBe(0);
    expect(await text(page, 'since')).toBe('Nothing reported recently');
    await page.close();
  });

  it('shows hostile names as text and marks a stale status', async () => {
    const name = `<img src=x onerror="document.title='pwned'"> "Bobby" O'Tables`;
    const bob = await person(name);
    await put(bob.token, 'teams-web', { observedAt: new Date(Date.now() - 5 * 60_000).toISOString(), call: null });
    const page = await browser.context.newPage();
    const problems = watchPageProblems(page);
    await page.goto(`${relay.url}/s/${bob.shareId}`);
    await waitForText(page, 'live', 'Live');
    expect(await text(page, 'name')).toBe(name);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.title()).not.toBe('pwned');
    await expect.poll(() => page.locator('[data-role="stale"]').isVisible()).toBe(true);
    expect(await text(page, 'stale')).toContain('May be out of date');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('says the link was revoked when the owner rotates it, and serves a friendly 404 afterwards', async () => {
    const cleo = await person('Cleo');
    await put(cleo.token, 'manual', { availability: 'Away' });
    const page = await browser.context.newPage();
    await page.goto(`${relay.url}/s/${cleo.shareId}`);
    await waitForText(page, 'live', 'Live');
    expect(await page.locator('[data-role="widget-help"]').isVisible()).toBe(true);
    expect(await post('/api/v1/me/share', cleo.token, { rotate: true })).toBe(200);
    await waitForText(page, 'revoked', 'This link was revoked');
    expect(await text(page, 'live')).toBe('Revoked');
    expect(await page.locator('.status').isVisible()).toBe(false);
    expect(await page.locator('[data-role="widget-help"]').isVisible()).toBe(false);
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: join(ARTIFACTS, 'status-page-revoked.png') });
    const again = await page.goto(`${relay.url}/s/${cleo.shareId}`);
    expect(again?.status()).toBe(404);
    await page.getByRole('heading', { name: 'This link was revoked or never existed' }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'status-page-not-found.png') });
    await page.close();
  });

  it('says it is reconnecting while the relay restarts, then goes live again', async () => {
    const eve = await person('Eve');
    await put(eve.token, 'manual', { availability: 'Available' });
    const page = await browser.context.newPage();
    await page.goto(`${relay.url}/s/${eve.shareId}`);
    await waitForText(page, 'live', 'Live');
    await relay.stop();
    await waitForText(page, 'live', 'Reconnecting…');
    relay = await startRelay(config(), quietLogger);
    await waitForText(page, 'live', 'Live');
    await put(eve.token, 'manual', { availability: 'Away' });
    await waitForText(page, 'label', 'Away');
    await page.close();
  });
});
