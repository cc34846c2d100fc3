import { describe, expect, it } from 'vitest';
import { AVAILABILITIES, availabilityLabel } from '../../core';
import { agoText, calendarLines, callChips, clockTime, initials, safeAvatarUrl, sinceText, timelineSegments, timelineSummary } from '../../relay/pages/status-format';

const NOW = Date.parse('2026-11-25T10:00:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const MIN = 60_000;

describe('status page text (shared by server and browser)', () => {
  it('says how long a status has lasted in words a person reads at a glance', () => {
    expect(sinceText(ago(20_000), NOW)).toBe('for less than a minute');
    expect(sinceText(ago(12 * MIN + 59_000), NOW)).toBe('for 12 min');
    expect(sinceText(ago(60 * MIN), NOW)).toBe('for 1 h');
    expect(sinceText(ago(125 * MIN), NOW)).toBe('for 2 h 5 min');
    expect(sinceText(ago(3 * 24 * 60 * MIN), NOW)).toBe('for 3 days');
    // A clock slightly ahead of ours must not say "for -1 min".
    expect(sinceText(new Date(NOW + 5_000).toISOString(), NOW)).toBe('for less than a minute');
    expect(agoText(ago(5 * MIN), NOW)).toBe('5 min ago');
  });

  it('writes times on the 24-hour clock, with the weekday when not today', () => {
    expect(clockTime('2026-11-25T14:30:00Z', NOW, 'UTC')).toBe('14:30');
    expect(clockTime('2026-11-27T09:05:00Z', NOW, 'UTC')).toBe('Fri 09:05');
    expect(clockTime('2026-11-25T14:30:00Z', NOW, 'Europe/Berlin')).toBe('15:30');
  });

  it('makes initials from the first and last word, whatever the script', () => {
    expect(initials('Ada Lovelace')).toBe('AL');
    expect(initials('  grace  brewster murray hopper ')).toBe('GH');
    expect(initials('Zoë')).toBe('Z');
    expect(initials('Ōta Hanako')).toBe('ŌH');
    expect(initials('   ')).toBe('?');
  });

  it('lists only the call flags the sensor could see', () => {
    expect(callChips(null)).toEqual([]);
    expect(callChips({ inCall: false, muted: true })).toEqual([]);
    expect(callChips({ inCall: true })).toEqual([]);
    expect(callChips({ inCall: true, muted: false, camera: true })).toEqual(['Mic on', 'Camera on']);
  });

  it('describes the calendar, leaving out "busy until" when the label already says it', () => {
    const calendar = { busyUntil: '2026-11-25T11:00:00Z', next: { start: '2026-11-25T14:00:00Z', end: '2026-11-25T14:30:00Z', showAs: 'oof' as const } };
    expect(calendarLines(calendar, 'In a call', NOW, 'UTC')).toEqual(['Busy until 11:00', 'Out of office 14:00–14:30']);
    expect(calendarLines(calendar, 'Busy until 11:00', NOW, 'UTC')).toEqual(['Out of office 14:00–14:30']);
    expect(calendarLines(null, 'Busy', NOW, 'UTC')).toEqual([]);
  });

  it('accepts only absolute https avatar URLs', () => {
    expect(safeAvatarUrl('https://img.example/a.png')).toBe('https://img.example/a.png');
    for (const bad of ['http://img.example/a.png', 'javascript:alert(1)', 'data:image/png;base64,AA', '//img.example/a.png', 42, null]) {
      expect(safeAvatarUrl(bad)).toBeNull();
    }
  });

  it('turns history into stretches of the last hours, merging repeats and clipping to the window', () => {
    const H = 60 * MIN;
    const items = [
      { at: ago(10 * H), availability: 'Away' as const },
      { at: ago(6 * H), availability: 'Busy' as const },
      { at: ago(5 * H), availability: 'Busy' as const },
      { at: ago(2 * H), availability: 'Available' as const },
    ];
    const segments = timelineSegments(items, NOW, 8 * H);
    expect(segments.map((s) => s.availability)).toEqual(['Away', 'Busy', 'Available']);
    expect(segments[0]).toEqual({ availability: 'Away', start: 0, end: 0.25 });
    expect(segments[1]).toEqual({ availability: 'Busy', start: 0.25, end: 0.75 });
    expect(segments[2]).toEqual({ availability: 'Available', start: 0.75, end: 1 });
    expect(timelineSummary(segments, 8 * H)).toBe('Busy 4 h, Away 2 h, Available 2 h');
    expect(timelineSegments([], NOW, 8 * H)).toEqual([]);
    expect(timelineSegments([{ at: ago(30 * MIN), availability: 'Busy' }], NOW, 8 * H)).toEqual([{ availability: 'Busy', start: 0.9375, end: 1 }]);
  });

  // The browser loads status-format.js as is, so it cannot import core's labels; this keeps the copy honest.
  it('names every availability in the timeline summary exactly as core does', () => {
    for (const a of AVAILABILITIES) expect(timelineSummary([{ availability: a, start: 0, end: 1 }], 60 * MIN)).toBe(`${availabilityLabel(a)} 1 h`);
  });
});
