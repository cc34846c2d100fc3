import { clockTime, LABEL_LOCALE } from '../../core';
import { afterEach, describe, expect, it } from 'vitest';
import { calendarLinkSource, EMPTY_CALENDAR_LINK, type CalendarLinkState } from '../../extension/sources/ics/calendar-link-source';
import { DEFAULT_NOTICE_SETTINGS } from '../../extension/background/calendar-notice';
import { DEFAULT_MICROSOFT_SETTINGS } from '../../extension/sources/graph/settings';
import type { SourceContext } from '../../extension/sources/source';
import { SAMPLE_EVENTS, SAMPLE_FEED } from '../fakes/ics/sample-calendar';
import { outlookFeed } from '../fakes/ics/outlook-feed';
import { startIcsFake, type IcsFake } from '../fakes/ics/server';
import { until } from '../support/until';
import { memorySlot } from './worker-harness';

const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
const SETTINGS = { teamsLocalUrl: 'ws://127.0.0.1:8124', teamsLocalEnabled: false, ...DEFAULT_MICROSOFT_SETTINGS, ...DEFAULT_NOTICE_SETTINGS };

let fake: IcsFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function setup(slot = memorySlot<CalendarLinkState>(EMPTY_CALENDAR_LINK), clock = { now: Date.parse('2026-10-28T12:00:00Z') }, hasAccess?: (url: string) => Promise<boolean>) {
  const alarms = new Map<string, number>();
  let changes = 0;
  const context: SourceContext = {
    now: () => clock.now,
    log: () => undefined,
    clock: (iso: string) => clockTime(iso, clock.now, { timeZone: 'Europe/Berlin', locale: LABEL_LOCALE }),
    alarms: { set: (name, when) => void alarms.set(name, when), clear: (name) => void alarms.delete(name) },
  };
  const source = calendarLinkSource({ context, state: slot, fetch, timeZone: 'Europe/Berlin', userAgent: BROWSER_UA, hasAccess });
  source.onChange(() => changes++);
  const alarmAt = () => (alarms.has('check') ? new Date(alarms.get('check') ?? 0).toISOString() : null);
  return { source, slot, clock, alarmAt, changes: () => changes, at: (iso: string) => void (clock.now = Date.parse(iso)) };
}

describe('the calendar link source', () => {
  it('reads the link at start, turns over at block boundaries, re-checks every 15 minutes with validators', async () => {
    fake = await startIcsFake({ feed: SAMPLE_FEED });
    const t = setup();
    await t.source.configure?.({ ...SETTINGS, calendarLinkUrl: fake.url() });
    expect(fake.requests()).toHaveLength(0); // not started yet: start() reads it
    await t.source.start();
    await until(() => t.source.current().report, 'the first read of the calendar');
    expect(t.source.current().report).toEqual({
      observedAt: '2026-10-28T12:00:00.000Z',
      current: null,
      next: { start: '2026-10-28T13:00:00.000Z', end: '2026-10-28T15:00:00.000Z', showAs: 'busy' },
    });
    expect(t.source.health()).toMatchObject({ id: 'calendar-link', name: 'Calendar link', words: 'Up to date', tone: 'ok', detail: 'next 14:00 (busy)', updatedAt: '2026-10-28T12:00:00.000Z' });
    expect(t.alarmAt()).toBe('2026-10-28T12:15:00.000Z');

    t.at('2026-10-28T12:15:00Z');
    await t.source.onAlarm?.('check');
    expect(fake.requests().map((r) => r.status)).toEqual([200, 304]);
    expect(t.alarmAt()).toBe('2026-10-28T12:30:00.000Z');
    t.at('2026-10-28T12:45:00Z');
    await t.source.onAlarm?.('check');
    expect(t.alarmAt()).toBe('2026-10-28T13:00:00.000Z'); // the boundary comes before the next 15 minutes
    t.at('2026-10-28T13:00:00Z');
    await t.source.onAlarm?.('check');
    expect(t.source.current().report).toMatchObject({ observedAt: '2026-10-28T13:00:00.000Z', current: { start: '2026-10-28T13:00:00.000Z', end: '2026-10-28T15:00:00.000Z', showAs: 'busy' }, next: { start: '2026-10-29T07:00:00.000Z', showAs: 'workingElsewhere' } });
    expect(t.source.health().detail).toBe('busy until 16:00; next Thu 08:00 (working elsewhere)');
  });

  it('keeps the previous calendar when the link breaks, says why, and ages honestly', async () => {
    fake = await startIcsFake({ feed: SAMPLE_FEED });
    const t = setup();
    await t.source.configure?.({ ...SETTINGS, calendarLinkUrl: fake.url() });
    await t.source.start();
    await until(() => t.source.current().report, 'the first read of the calendar');
    fake.setMode('html');
    t.at('2026-10-28T13:30:00Z');
    await t.source.onAlarm?.('check');
    expect(t.source.health()).toMatchObject({ words: 'Problem', tone: 'bad', updatedAt: '2026-10-28T12:00:00.000Z' });
    expect(t.source.health().detail).toMatch(/^The calendar link answered a web page, not a calendar: .* — showing the calendar last read$/);
    // Still the calendar read at 12:00, stamped then, so it goes stale on time.
    expect(t.source.current().report).toMatchObject({ observedAt: '2026-10-28T12:00:00.000Z', current: { end: '2026-10-28T15:00:00.000Z', showAs: 'busy' } });

    fake.setMode('calendar');
    fake.setFeed(outlookFeed(SAMPLE_EVENTS.filter((e) => e.uid !== 'C3'))); // the private 15:00 item was deleted
    t.at('2026-10-28T13:45:00Z');
    await t.source.onAlarm?.('check');
    expect(t.source.health()).toMatchObject({ words: 'Up to date', tone: 'ok' });
    expect(t.source.current().report).toMatchObject({ observedAt: '2026-10-28T13:45:00.000Z', current: { start: '2026-10-28T13:00:00.000Z', end: '2026-10-28T14:00:00.000Z', showAs: 'busy' } });
  });

  it('survives a worker restart without refetching early, and a new link starts from nothing', async () => {
    fake = await startIcsFake({ feed: SAMPLE_FEED });
    const first = setup();
    await first.source.configure?.({ ...SETTINGS, calendarLinkUrl: fake.url() });
    await first.source.start();
    await until(() => first.source.current().report, 'the first read of the calendar');
    first.source.stop();

    const again = setup(first.slot, { now: Date.parse('2026-10-28T12:05:00Z') });
    await again.source.configure?.({ ...SETTINGS, calendarLinkUrl: fake.url() });
    await again.source.start();
    expect(fake.requests()).toHaveLength(1);
    expect(again.source.current().report?.next?.start).toBe('2026-10-28T13:00:00.000Z');
    expect(again.alarmAt()).toBe('2026-10-28T12:15:00.000Z');

    await again.source.configure?.({ ...SETTINGS, calendarLinkUrl: fake.url('/owa/calendar/other/calendar.ics') });
    expect(again.source.current()).toEqual({ report: null, clear: true });
    expect(again.source.health()).toMatchObject({ words: 'Problem', detail: expect.stringMatching(/not found \(HTTP 404/) });

    await again.source.configure?.({ ...SETTINGS, calendarLinkUrl: '' });
    expect(again.source.current()).toEqual({ report: null, clear: true });
    expect(again.source.health()).toMatchObject({ words: 'Not set', tone: 'off' });
    expect(again.alarmAt()).toBeNull();
  });

  it('says so when the browser does not let it read the host, without fetching', async () => {
    fake = await startIcsFake({ feed: SAMPLE_FEED });
    const t = setup(undefined, undefined, async () => false);
    await t.source.start();
    await t.source.configure?.({ ...SETTINGS, calendarLinkUrl: fake.url() });
    expect(t.source.health()).toMatchObject({ words: 'Problem', detail: `The extension is not allowed to read 127.0.0.1:${fake.port}: save the link again on the options page and choose Allow.` });
    expect(fake.requests()).toEqual([]);
  });

  it('refuses links it cannot use, in words', () => {
    const { source } = setup();
    expect(source.checkSettings?.({ calendarLinkUrl: 'http://outlook.office365.com/owa/calendar/x/calendar.ics' })).toMatch(/must start with https:\/\//);
    expect(source.checkSettings?.({ calendarLinkUrl: 'my calendar' })).toMatch(/not a web address/);
    expect(source.checkSettings?.({ calendarLinkUrl: 'webcal://outlook.office365.com/owa/calendar/x/calendar.ics' })).toBeNull();
    expect(source.checkSettings?.({ calendarLinkUrl: '' })).toBeNull();
  });
});
