import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { expandFeed, parseFeed } from '../../extension/sources/ics/expand';
import { outlookFeed, PACIFIC, W_EUROPE } from '../fakes/ics/outlook-feed';

/**
 * The expander steps rules on the wall clock and skips whole periods of old series; ical.js's
 * own expansion (zoned, from the first instance) is the reference it must match exactly.
 */
function reference(feed: string, fromMs: number, toMs: number): number[] {
  const root = new ICAL.Component(ICAL.parse(feed));
  const starts: number[] = [];
  for (const vevent of root.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(vevent);
    const it = event.iterator();
    for (let t = it.next(); t; t = it.next()) {
      const start = t.toUnixTime() * 1000;
      if (start >= toMs) break;
      if (start + event.duration.toSeconds() * 1000 > fromMs) starts.push(start);
    }
  }
  return starts.sort((a, b) => a - b);
}

const RULES: { name: string; tz: string; start: string; end: string; rrule: string; exdates?: string[] }[] = [
  { name: 'weekly since 2019, two weekdays', tz: W_EUROPE, start: '20190107T093000', end: '20190107T100000', rrule: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,TH;WKST=MO' },
  { name: 'every other week since 2021 (week parity)', tz: PACIFIC, start: '20210105T160000', end: '20210105T170000', rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;WKST=SU' },
  { name: 'daily on weekdays since 2018 with an UNTIL in UTC', tz: W_EUROPE, start: '20180102T083000', end: '20180102T084500', rrule: 'FREQ=DAILY;UNTIL=20261106T073000Z;BYDAY=MO,TU,WE,TH,FR' },
  { name: 'every third day since 2020', tz: W_EUROPE, start: '20200301T230000', end: '20200302T010000', rrule: 'FREQ=DAILY;INTERVAL=3' },
  { name: 'monthly on the second Tuesday', tz: PACIFIC, start: '20220208T100000', end: '20220208T110000', rrule: 'FREQ=MONTHLY;BYDAY=2TU' },
  { name: 'weekly with COUNT (not moved)', tz: W_EUROPE, start: '20250106T140000', end: '20250106T150000', rrule: 'FREQ=WEEKLY;COUNT=100;BYDAY=MO' },
  { name: 'weekly with an EXDATE in the window', tz: W_EUROPE, start: '20240102T120000', end: '20240102T130000', rrule: 'FREQ=WEEKLY;BYDAY=TU', exdates: ['20261103T120000'] },
];

describe('series expansion matches ical.js', () => {
  it.each(RULES)('$name', (rule) => {
    const feed = outlookFeed([{ uid: 'R', busy: 'BUSY', ...rule }]);
    // Three weeks around both DST changes of 2026.
    const fromMs = Date.parse('2026-10-20T00:00:00Z');
    const toMs = Date.parse('2026-11-12T00:00:00Z');
    const ours = expandFeed(parseFeed(feed), { fromMs, toMs, timeZone: 'Europe/Berlin' }).map((o) => o.startMs);
    const expected = reference(feed, fromMs, toMs);
    expect(expected.length).toBeGreaterThan(0);
    expect(ours.map((t) => new Date(t).toISOString())).toEqual(expected.map((t) => new Date(t).toISOString()));
  });
});
