import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { SURFACE_COLOURS } from '../../core';
import type { RunningRelay } from '../../relay/start';
import type { TeamsWebFake } from '../fakes/teams-web/server';
import type { ExtensionBrowser } from '../support/extension';
import { watchPageProblems } from '../support/page-problems';
import { extensionRigForFile } from './extension-rig';

// The Chrome Web Store and Edge Add-ons take screenshots of exactly 1280×800. These are real
// pages of the built extension and a real relay, shot in Chromium and composed with a caption.
const ROOT = resolve(import.meta.dirname, '..', '..');
const ARTIFACTS = join(ROOT, 'test-artifacts', 'store');
const STORE_IMAGES = join(ROOT, 'docs', 'images', 'store');
const STORE_SIZE = { width: 1280, height: 800 };

let relay: RunningRelay;
let browser: ExtensionBrowser;
let teams: TeamsWebFake;

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const png = readFileSync(file);
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

async function shot(page: Page, scheme: 'light' | 'dark'): Promise<string> {
  await page.emulateMedia({ colorScheme: scheme });
  await page.evaluate(() => document.fonts.ready);
  return (await page.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide' })).toString('base64');
}

const escapeText = (s: string) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);

/** One store picture: a caption on the left, the real screenshots on the right, 1280×800. */
async function compose(name: string, title: string, caption: string, shots: string[]): Promise<string> {
  const page = await browser.context.newPage();
  await page.setViewportSize(STORE_SIZE);
  const images = shots.map((b64) => `<img alt="" src="data:image/png;base64,${b64}">`).join('');
  await page.setContent(`<!doctype html><html><head><style>
    html, body { margin: 0; width: 1280px; height: 800px; overflow: hidden; }
    body { display: flex; align-items: center; gap: 48px; padding: 0 56px; box-sizing: border-box;
      background: #E9EEF6; color: ${SURFACE_COLOURS.text.light}; font-family: system-ui, sans-serif; }
    .words { flex: 0 0 340px; }
    h1 { font-size: 40px; line-height: 1.15; margin: 0 0 20px; }
    p { font-size: 21px; line-height: 1.45; margin: 0; color: ${SURFACE_COLOURS.secondaryText.light}; }
    .shots { flex: 1; display: flex; gap: 28px; justify-content: center; align-items: center; height: 740px; }
    img { max-height: 740px; max-width: ${Math.floor(760 / shots.length)}px; object-fit: contain;
      border-radius: 12px; box-shadow: 0 8px 32px rgb(0 0 0 / 0.22); }
  </style></head><body><div class="words"><h1>${escapeText(title)}</h1><p>${escapeText(caption)}</p></div>
  <div class="shots">${images}</div></body></html>`);
  await page.evaluate(async () => {
    await Promise.all([...document.images].map((img) => img.decode()));
  });
  const file = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled' });
  await page.close();
  // Like the README's pictures: docs/images/store changes only when asked.
  if (process.env.UPDATE_DOC_IMAGES === '1') copyFileSync(file, join(STORE_IMAGES, `${name}.png`));
  return file;
}

async function openExtensionPage(path: string, width: number, height = 800): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.context.newPage();
  const problems = watchPageProblems(page);
  await page.setViewportSize({ width, height });
  await page.goto(`chrome-extension://${browser.extensionId}/extension/${path}/index.html`);
  return { page, problems };
}

beforeAll(() => {
  mkdirSync(ARTIFACTS, { recursive: true });
  mkdirSync(STORE_IMAGES, { recursive: true });
});
extensionRigForFile('ts-store-relay-', (rig) => ({ relay, teams, browser } = rig));

describe('store listing in real Chromium', { timeout: 180_000 }, () => {
  it('the built extension reads its name and description from _locales', async () => {
    const { page, problems } = await openExtensionPage('options', 760);
    const texts = await page.evaluate(() => {
      const i18n = (globalThis as unknown as { chrome: { i18n: { getMessage(key: string): string } } }).chrome.i18n;
      return [i18n.getMessage('extName'), i18n.getMessage('extDescription')];
    });
    expect(texts[0]).toBe('Teams Status');
    expect(texts[1]).toMatch(/^Shows your Microsoft Teams call status/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('composes 1280×800 screenshots of the popup, the options page and the status page', async () => {
    // Connect to the relay and share at the detailed level, so the status page shows the call.
    const options = await openExtensionPage('options', 760);
    await options.page.getByLabel('Relay URL').fill(relay.url);
    await options.page.getByLabel('Your name').fill('Ada Lovelace');
    await options.page.getByRole('button', { name: 'Connect' }).click();
    const link = options.page.getByRole('textbox', { name: 'Share link' });
    await link.waitFor();
    const shareUrl = await link.inputValue();
    // A controlled radio: it turns checked once the relay has answered.
    await options.page.getByRole('radio', { name: /Detailed/ }).click();
    await expect.poll(() => options.page.getByRole('radio', { name: /Detailed/ }).isChecked()).toBe(true);
    await options.page.getByRole('img', { name: /QR code of your share link/ }).waitFor();
    const optionsShot = await shot(options.page, 'light');

    const teamsTab = await browser.context.newPage();
    await teamsTab.goto(teams.url());
    const popup = await openExtensionPage('popup', 360);
    await expect.poll(() => popup.page.getByRole('button', { name: /mute/i }).isEnabled(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => popup.page.locator('.status-header').getAttribute('data-availability')).toBe('Busy');
    const popupShots = [await shot(popup.page, 'light'), await shot(popup.page, 'dark')];

    const status = await browser.context.newPage();
    const statusProblems = watchPageProblems(status);
    await status.setViewportSize({ width: 390, height: 844 });
    await status.goto(shareUrl);
    await status.locator('[data-role="live"][data-state="live"]').waitFor();
    await expect.poll(() => status.locator('[data-role="label"]').innerText()).toMatch(/call/i);
    const statusShots = [await shot(status, 'light'), await shot(status, 'dark')];

    const files = [
      await compose('1-popup', 'Your Teams status in the toolbar', 'See your call at a glance, mute or leave from the popup, and set Busy for an hour in one click.', popupShots),
      await compose('2-status-page', 'A live page for the people you choose', 'Share a private link: it shows whether you are free or in a call, live, light or dark, on any phone.', statusShots),
      await compose('3-options', 'Your own relay, your own link', 'Connect to the relay you run, choose what the link shows, and rotate or delete it whenever you like.', [optionsShot]),
    ];
    for (const file of files) expect(pngSize(file)).toEqual(STORE_SIZE);
    expect([...options.problems, ...popup.problems, ...statusProblems]).toEqual([]);
    await Promise.all([options.page.close(), popup.page.close(), status.close(), teamsTab.close()]);
  });
});
