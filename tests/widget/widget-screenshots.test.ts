import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { galleryHtml, type GalleryRow } from '../fakes/scriptable/render-html';
import type { Appearance } from '../fakes/scriptable/tree';
import { launchChromium } from '../support/chromium';
import { builtWidget, FAMILIES, NOW, ROOT, runState, STATES, type StateName } from './widget-fixtures';

const ARTIFACTS = join(ROOT, 'test-artifacts', 'widget');
const TITLES: Record<StateName, string> = {
  available: 'Available (basic share)',
  inCallMuted: 'In a call, muted (detailed share)',
  busyUntil: 'Busy until 11:30 (detailed share)',
  staleFromCache: 'Offline: last good status from the cache, 12 min old',
  relayDownNoCache: 'Relay unreachable, nothing cached',
  revoked: 'Share link revoked (404)',
  noLink: 'No link yet',
};

let rows: GalleryRow[] = [];

beforeAll(async () => {
  const source = await builtWidget();
  rows = [];
  for (const state of STATES) {
    const cells = [];
    for (const family of FAMILIES) cells.push({ family, widget: (await runState(source, state, family)).widget });
    rows.push({ title: TITLES[state], cells });
  }
  mkdirSync(ARTIFACTS, { recursive: true });
});

describe('widget gallery in real Chromium', () => {
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(['light', 'dark'] as Appearance[])('%s: renders every family × state and saves the screenshot', async (appearance) => {
    const html = galleryHtml(rows, appearance, NOW);
    writeFileSync(join(ARTIFACTS, `gallery-${appearance}.html`), html);
    const page = await browser.context.newPage();
    await page.emulateMedia({ colorScheme: appearance });
    await page.setContent(html);
    // Every family of every state drew something, and no symbol fell back to the placeholder box.
    expect(await page.locator('.widget').count()).toBe(STATES.length * FAMILIES.length);
    expect(await page.locator('.missing').count()).toBe(0);
    expect(await page.locator('svg.sym rect[stroke-dasharray]').count()).toBe(0);
    // Text must fit its widget: nothing spills past the right edge.
    const overflow = await page.$$eval('.widget:not(.inline)', (ws) => ws.filter((w) => w.scrollWidth > w.clientWidth + 1).length);
    expect(overflow).toBe(0);
    const file = join(ARTIFACTS, `gallery-${appearance}.png`);
    await page.screenshot({ path: file, fullPage: true });
    // The README's pictures change only when asked (UPDATE_DOC_IMAGES=1), so a test run leaves the tree clean.
    if (process.env.UPDATE_DOC_IMAGES === '1') {
      mkdirSync(join(ROOT, 'docs', 'images'), { recursive: true });
      copyFileSync(file, join(ROOT, 'docs', 'images', `widget-${appearance}.png`));
    }
    await page.close();
  });
});
