import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockTime, LABEL_LOCALE } from '../../core/wording';
import { createStore } from '../../relay/store/create-store';
import type { Store } from '../../relay/store/store';
import { outlookFeed, W_EUROPE } from '../fakes/ics/outlook-feed';
import { OUTLOOK_CALENDAR_PATH, outlookChromiumArgs, startIcsFake, type IcsFake } from '../fakes/ics/server';
import { launchWithExtension, type ExtensionBrowser } from '../support/extension';
import { startTestRelay } from '../support/relay-process';
import { until } from '../support/until';

/*
 * The built extension in real headless Chromium reading a published calendar from
 * https://outlook.office365.com (mapped to the fake, so the manifest's static host permission
 * is what lets the worker fetch it), publishing to a real relay on its embedded store.
 */

let store: Store;
let relay: { url: string; close(): Promise<void> };
let ics: IcsFake;
let ext: ExtensionBrowser;
const dataDir = mkdtempSync(join(tmpdir(), 'e2e-ics-'));

/** Wall-clock time in Berlin as a feed writes it under TZID "W. Europe Standard Time". */
function berlinWall(ms: number): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin', dateStyle: 'short', timeStyle: 'medium' }).format(new Date(ms)).replace(/[-:]/g, '').replace(' ', 'T');
}

const minute = 60_000;
const start = Math.floor(Date.now() / minute) * minute - 10 * minute;
const end = start + 60 * minute;

/**
 * How the meeting's end is written when read at any instant in [fromMs, now]: a bare time on
 * its own day, with its weekday otherwise (an hour ahead is tomorrow after 23:00). Both ends of
 * the interval, so a run that crosses midnight while the product writes the words still matches.
 */
function endWordsSince(fromMs: number, style: { timeZone: string; locale: string }): string[] {
  return [...new Set([fromMs, Date.now()].map((nowMs) => clockTime(new Date(end).toISOString(), nowMs, style)))];
}

async function ok(type: string, payload: unknown): Promise<Record<string, unknown>> {
  const reply = await ext.message<{ ok: boolean; error?: string }>(type, payload);
  if (!reply.ok) throw new Error(`${type}: ${reply.error}`);
  return reply as Record<string, unknown>;
}

beforeAll(async () => {
  store = await createStore({ dataDir, historyDays: 30 });
  relay = await startTestRelay(store);
  ics = await startIcsFake({
    tls: true,
    feed: outlookFeed([
      { uid: 'E2E1', summary: 'Design review', tz: W_EUROPE, start: berlinWall(start), end: berlinWall(end), busy: 'BUSY' },
      { uid: 'E2E2', summary: 'Lunch (free)', tz: W_EUROPE, start: berlinWall(end), end: berlinWall(end + 60 * minute), busy: 'FREE' },
    ]),
  });
  ext = await launchWithExtension({ args: outlookChromiumArgs(ics.port) });
});

afterAll(async () => {
  await ext?.close();
  await ics?.close();
  await relay?.close();
  await store?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('calendar link (ICS), end to end', () => {
  it('saving an Outlook link on the options page makes the detailed share say "Busy until"', async () => {
    const connected = (await ok('connectRelay', { relayUrl: relay.url, displayName: 'Ada' })) as { share: { url: string } };
    const shareId = connected.share.url.split('/').pop() ?? '';
    await ok('setShareLevel', { level: 'detailed' });

    const options = await ext.openPage('extension/options/index.html');
    await options.getByLabel('Calendar link (ICS)').fill(`https://outlook.office365.com${OUTLOOK_CALENDAR_PATH}`);
    await options.getByRole('button', { name: 'Save', exact: true }).click();
    await until(async () => (await options.locator('.calendar-health').textContent())?.includes('Up to date'), 'the options page to say the calendar was read');

    // The browser (and so the share, registered in its zone) reads clocks in this process's zone.
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const asked = Date.now();
    const view = await until(async () => {
      const v = (await (await fetch(`${relay.url}/api/v1/s/${shareId}`)).json()) as { label: string; availability: string; calendar?: { busyUntil: string | null } };
      return v.calendar?.busyUntil ? v : null;
    }, 'the share to carry calendar.busyUntil');
    expect(view.calendar?.busyUntil).toBe(new Date(end).toISOString());
    expect(view.availability).toBe('Busy');
    expect(endWordsSince(asked, { timeZone: zone, locale: LABEL_LOCALE }).map((w) => `Busy until ${w}`)).toContain(view.label);
    // The browser's own User-Agent got through Outlook's non-browser refusal.
    expect(ics.requests()[0]).toMatchObject({ status: 200, userAgent: expect.stringContaining('Mozilla/') });

    // The popup's Sources list: the link's health, when it was read, what is on now.
    const opened = Date.now();
    const popup = await ext.openPage('extension/popup/index.html');
    // The popup writes times in the browser's own locale ("11:04 AM" in en-US).
    const locale = await popup.evaluate(() => Intl.DateTimeFormat().resolvedOptions().locale);
    const row = popup.locator('.health-row', { hasText: 'Calendar link' });
    const words = await until(async () => ((await row.count()) ? row.innerText() : null), 'the popup to list the calendar link');
    const line = words.replace(/\s+/g, ' ').replace(/^.*Calendar link Up to date ?/, '');
    expect(endWordsSince(opened, { timeZone: zone, locale }).map((w) => `busy until ${w}; nothing next in the coming day; updated just now`)).toContain(line);
  });
});
