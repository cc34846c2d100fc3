import { describe, expect, it } from 'vitest';
import { calendarReport, nextBoundary, toBlocks, type Block } from '../../extension/sources/ics/blocks';
import { expandFeed, parseFeed, type ExpandWindow } from '../../extension/sources/ics/expand';
import { outlookFeed, W_EUROPE } from '../fakes/ics/outlook-feed';
import { SAMPLE_BLOCKS, SAMPLE_FEED } from '../fakes/ics/sample-calendar';

const BERLIN = 'Europe/Berlin';
const at = (iso: string) => Date.parse(iso);
const iso = (b: Block) => [new Date(b.startMs).toISOString(), new Date(b.endMs).toISOString(), b.showAs];
const window = (from: string, to: string, timeZone = BERLIN): ExpandWindow => ({ fromMs: at(from), toMs: at(to), timeZone });
const blocksOf = (feed: string, w: ExpandWindow) => toBlocks(expandFeed(parseFeed(feed), w));

describe('an Outlook feed becomes busy blocks', () => {
  it('expands series across both DST changes with the feed\'s Windows zones, EXDATE, moved, cancelled, private, free, OOF', () => {
    expect(blocksOf(SAMPLE_FEED, window('2026-10-01T00:00:00Z', '2026-12-01T00:00:00Z')).map(iso)).toEqual(SAMPLE_BLOCKS);
  });

  it('reads all-day events in the person\'s own zone', () => {
    const blocks = blocksOf(SAMPLE_FEED, window('2026-10-30T00:00:00Z', '2026-10-31T00:00:00Z', 'America/New_York'));
    expect(blocks.map(iso)).toEqual([['2026-10-30T04:00:00.000Z', '2026-10-31T04:00:00.000Z', 'oof']]);
  });

  it('keeps only what overlaps the window, with true starts and ends', () => {
    const blocks = blocksOf(SAMPLE_FEED, window('2026-10-28T13:30:00Z', '2026-10-29T13:30:00Z'));
    expect(blocks.map(iso)).toEqual([
      ['2026-10-28T13:00:00.000Z', '2026-10-28T15:00:00.000Z', 'busy'],
      // the tentative stand-up at 16:00 starts after the window: not seen yet
      ['2026-10-29T07:00:00.000Z', '2026-10-29T18:00:00.000Z', 'workingElsewhere'],
    ]);
  });

  it('finds an instance moved into the window from a day outside it', () => {
    const feed = outlookFeed([
      { uid: 'M1', tz: W_EUROPE, start: '20261102T090000', end: '20261102T093000', busy: 'BUSY', rrule: 'FREQ=DAILY;COUNT=5' },
      { uid: 'M1', tz: W_EUROPE, recurrenceId: '20261105T090000', start: '20261102T160000', end: '20261102T170000', busy: 'OOF' },
    ]);
    expect(blocksOf(feed, window('2026-11-02T12:00:00Z', '2026-11-03T00:00:00Z')).map(iso)).toEqual([['2026-11-02T15:00:00.000Z', '2026-11-02T16:00:00.000Z', 'oof']]);
  });

  it('never carries titles, places or people: private items give only their times', () => {
    const occurrences = expandFeed(parseFeed(SAMPLE_FEED), window('2026-10-28T00:00:00Z', '2026-10-29T00:00:00Z'));
    expect(JSON.stringify(occurrences)).not.toMatch(/Private|Team sync|Teams Meeting|Focus/);
    expect(Object.keys(occurrences[0] ?? {}).sort()).toEqual(['endMs', 'showAs', 'startMs']);
  });

  it('says in words when the text is not a calendar', () => {
    expect(() => parseFeed('<!DOCTYPE html><html><body>Sign in</body></html>')).toThrow(/not a readable calendar \(ICS\) file/);
    expect(() => parseFeed('BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ann\r\nEND:VCARD\r\n')).toThrow(/no VCALENDAR/);
  });

  it('keeps the last instance of a series whose UNTIL is in UTC, after the DST change; adds RDATEs', () => {
    const feed = outlookFeed([
      { uid: 'U1', tz: W_EUROPE, start: '20261020T100000', end: '20261020T103000', busy: 'BUSY', rrule: 'FREQ=WEEKLY;UNTIL=20261110T090000Z;INTERVAL=1;BYDAY=TU;WKST=MO', rdates: ['20261112T160000'] },
    ]);
    expect(blocksOf(feed, window('2026-10-01T00:00:00Z', '2026-12-01T00:00:00Z')).map((b) => iso(b)[0])).toEqual([
      '2026-10-20T08:00:00.000Z',
      '2026-10-27T09:00:00.000Z',
      '2026-11-03T09:00:00.000Z',
      '2026-11-10T09:00:00.000Z',
      '2026-11-12T15:00:00.000Z',
    ]);
  });

  it('repeats an all-day series on the person\'s midnights, fast-forwarded from years back', () => {
    const feed = outlookFeed([{ uid: 'W1', start: '20240105', end: '20240106', busy: 'OOF', rrule: 'FREQ=WEEKLY;BYDAY=FR' }]);
    expect(blocksOf(feed, window('2026-10-26T00:00:00Z', '2026-11-09T00:00:00Z')).map(iso)).toEqual([
      ['2026-10-29T23:00:00.000Z', '2026-10-30T23:00:00.000Z', 'oof'],
      ['2026-11-05T23:00:00.000Z', '2026-11-06T23:00:00.000Z', 'oof'],
    ]);
  });

  it('skips an event it cannot read and keeps the rest', () => {
    const feed = outlookFeed([
      { uid: 'OK1', start: '20261028T100000Z', end: '20261028T110000Z', busy: 'BUSY' },
      { uid: 'BAD', start: '2026-10-28', end: '20261028T130000Z', busy: 'BUSY' },
    ]);
    const skipped: unknown[] = [];
    const occurrences = expandFeed(parseFeed(feed), window('2026-10-28T00:00:00Z', '2026-10-29T00:00:00Z'), (err) => skipped.push(err));
    expect(toBlocks(occurrences).map(iso)).toEqual([['2026-10-28T10:00:00.000Z', '2026-10-28T11:00:00.000Z', 'busy']]);
    expect(skipped).toHaveLength(1);
  });

  it('stops a runaway rule instead of hanging', () => {
    const feed = outlookFeed([{ uid: 'R1', start: '19900101T000000Z', end: '19900101T000100Z', busy: 'BUSY', rrule: 'FREQ=MINUTELY' }]);
    expect(blocksOf(feed, window('2026-10-01T00:00:00Z', '2026-10-02T00:00:00Z'))).toEqual([]);
  });
});

describe('the calendar report', () => {
  const blocks = toBlocks(expandFeed(parseFeed(SAMPLE_FEED), window('2026-10-01T00:00:00Z', '2026-12-01T00:00:00Z')));

  it('carries the block under way and the next one', () => {
    expect(calendarReport(blocks, at('2026-10-28T13:30:00Z'), '2026-10-28T13:30:00.000Z')).toEqual({
      observedAt: '2026-10-28T13:30:00.000Z',
      current: { start: '2026-10-28T13:00:00.000Z', end: '2026-10-28T15:00:00.000Z', showAs: 'busy' },
      next: { start: '2026-10-29T07:00:00.000Z', end: '2026-10-29T16:00:00.000Z', showAs: 'workingElsewhere' },
    });
  });

  it('has no current block in free time, and none at all after the last', () => {
    expect(calendarReport(blocks, at('2026-10-28T15:00:00Z'), 'x')).toMatchObject({ current: null, next: { start: '2026-10-29T07:00:00.000Z' } });
    expect(calendarReport(blocks, at('2026-12-01T00:00:00Z'), 'x')).toMatchObject({ current: null, next: null });
  });

  it('names the next boundary, where the report turns over', () => {
    expect(nextBoundary(blocks, at('2026-10-28T13:30:00Z'))).toBe(at('2026-10-28T15:00:00Z'));
    expect(nextBoundary(blocks, at('2026-10-29T16:00:00Z'))).toBe(at('2026-10-29T17:00:00Z'));
    expect(nextBoundary(blocks, at('2026-11-17T10:00:00Z'))).toBeNull();
  });
});
