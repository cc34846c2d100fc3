import { describe, expect, it } from 'vitest';
import { nextSlots, pickSlot, SlotLoad, workingSpans, type PersonCalendar, type SlotWindow, type WorkingHours } from '../../../relay/roulette/slots';
import { wallClock } from '../../../relay/roulette/time-zones';

const utc = (s: string) => Date.parse(s);
const iso = (ms: number) => new Date(ms).toISOString();
const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
const hours = (zone: string, startTime = '09:00:00.0000000', endTime = '17:00:00.0000000', daysOfWeek = weekdays): WorkingHours => ({ daysOfWeek, startTime, endTime, timeZone: { name: zone } });
const person = (email: string, workingHours: WorkingHours | null, busy: [string, string][] = []): PersonCalendar => ({ email, workingHours, busy: busy.map(([s, e]) => ({ start: utc(s), end: utc(e) })) });
const week = (monday: string, durationMinutes = 30): SlotWindow => ({ start: utc(`${monday}T00:00:00Z`), end: utc(`${monday}T00:00:00Z`) + 5 * 86_400_000, durationMinutes, timeZone: 'Europe/London', seed: 'fixture' });

/** Inside `p`'s working hours, read on the wall clock of their zone. */
function insideHours(ms: number, zone: string, from: number, to: number, days = weekdays) {
  const w = wallClock(ms, zone);
  return days.includes(w.weekday) && w.minutes >= from * 60 && w.minutes <= to * 60;
}

describe('roulette slots', () => {
  it('London and New York (Windows zone names) meet in the afternoon overlap of a winter week', () => {
    const people = [person('ada@example.test', hours('GMT Standard Time')), person('bob@example.test', hours('Eastern Standard Time'))];
    const slot = pickSlot(people, week('2026-12-07'), new SlotLoad(), 'g1')!;
    expect(slot).not.toBeNull();
    const h = new Date(slot.start).getUTCHours();
    expect(h).toBeGreaterThanOrEqual(14);
    expect(slot.end).toBeLessThanOrEqual(Date.parse(`${iso(slot.start).slice(0, 10)}T17:00:00Z`));
    expect(slot.end - slot.start).toBe(30 * 60_000);
  });

  it('in March the US is on summer time three weeks before Europe: the overlap starts an hour earlier', () => {
    const w = week('2026-03-09');
    const london = workingSpans(hours('Europe/London'), w);
    const ny = workingSpans(hours('America/New_York'), w);
    expect(iso(london[0]!.start)).toBe('2026-03-09T09:00:00.000Z');
    expect(iso(ny[0]!.start)).toBe('2026-03-09T13:00:00.000Z');
    const slot = pickSlot([person('a@x.test', hours('Europe/London')), person('b@x.test', hours('America/New_York'))], w, new SlotLoad(), 'g')!;
    expect(new Date(slot.start).getUTCHours()).toBeGreaterThanOrEqual(13);
  });

  it('Tokyo, Kolkata and Sydney with a trio: a slot inside all three working days', () => {
    const people = [person('t@x.test', hours('Tokyo Standard Time')), person('k@x.test', hours('Asia/Kolkata', '10:00:00', '19:00:00')), person('s@x.test', hours('AUS Eastern Standard Time', '08:00:00', '16:00:00'))];
    const slot = pickSlot(people, week('2026-12-07'), new SlotLoad(), 'g')!;
    expect(slot).not.toBeNull();
    for (const t of [slot.start, slot.end]) {
      expect(insideHours(t, 'Asia/Tokyo', 9, 17)).toBe(true);
      expect(insideHours(t, 'Asia/Kolkata', 10, 19)).toBe(true);
      expect(insideHours(t, 'Australia/Sydney', 8, 16)).toBe(true);
    }
  });

  it('a Sunday-to-Thursday week (Israel) meets a Monday-to-Friday one only Monday to Thursday', () => {
    const il = hours('Israel Standard Time', '09:00', '18:00', ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday']);
    const people = [person('i@x.test', il), person('p@x.test', hours('Romance Standard Time', '09:00', '18:00'))];
    const busyMonToWed: [string, string][] = [['2026-12-07T00:00:00Z', '2026-12-10T00:00:00Z']];
    const slot = pickSlot([people[0]!, { ...people[1]!, busy: busyMonToWed.map(([s, e]) => ({ start: utc(s), end: utc(e) })) }], week('2026-12-07'), new SlotLoad(), 'g')!;
    expect(wallClock(slot.start, 'Asia/Jerusalem').weekday).toBe('thursday');
  });

  it('never overlaps a meeting, and avoids back-to-back when there is room', () => {
    // Both free only Monday 09:00–12:00 UTC; a meeting 10:00–11:00 for one of them.
    const busy: [string, string][] = [['2026-12-07T10:00:00Z', '2026-12-07T11:00:00Z'], ['2026-12-07T12:00:00Z', '2026-12-12T00:00:00Z']];
    const people = [person('a@x.test', hours('UTC'), busy), person('b@x.test', hours('UTC'))];
    const slot = pickSlot(people, week('2026-12-07'), new SlotLoad(), 'g')!;
    expect(slot.end <= utc('2026-12-07T10:00:00Z') || slot.start >= utc('2026-12-07T11:00:00Z')).toBe(true);
    expect([utc('2026-12-07T09:30:00Z'), utc('2026-12-07T11:00:00Z'), utc('2026-12-07T11:30:00Z')]).not.toContain(slot.start);
  });

  it('takes a back-to-back slot when it is the only free time, and null when there is none', () => {
    const busy: [string, string][] = [['2026-12-07T00:00:00Z', '2026-12-07T10:00:00Z'], ['2026-12-07T10:30:00Z', '2026-12-12T00:00:00Z']];
    expect(iso(pickSlot([person('a@x.test', hours('UTC'), busy), person('b@x.test', hours('UTC'))], week('2026-12-07'), new SlotLoad(), 'g')!.start)).toBe('2026-12-07T10:00:00.000Z');
    const allWeek: [string, string][] = [['2026-12-06T00:00:00Z', '2026-12-13T00:00:00Z']];
    expect(pickSlot([person('a@x.test', hours('UTC'), allWeek), person('b@x.test', hours('UTC'))], week('2026-12-07'), new SlotLoad(), 'g')).toBeNull();
  });

  it('spreads many groups with identical calendars over the week instead of one 10:00', () => {
    const load = new SlotLoad();
    const starts = Array.from({ length: 60 }, (_, i) => pickSlot([person(`a${i}@x.test`, null), person(`b${i}@x.test`, null)], week('2026-12-07'), load, `g${i}`)!.start);
    const perStart = new Map<number, number>();
    for (const s of starts) perStart.set(s, (perStart.get(s) ?? 0) + 1);
    expect(Math.max(...perStart.values())).toBe(1);
    expect(new Set(starts.map((s) => new Date(s).getUTCDay())).size).toBeGreaterThanOrEqual(3);
  });

  it('offers the next free slots in time order, an hour apart, all free for both', () => {
    const busy: [string, string][] = [['2026-12-08T09:00:00Z', '2026-12-08T13:00:00Z']];
    const people = [person('a@x.test', hours('UTC'), busy), person('b@x.test', hours('UTC'))];
    const w = { ...week('2026-12-07'), start: utc('2026-12-08T08:00:00Z') };
    const slots = nextSlots(people, w, 3);
    expect(slots).toHaveLength(3);
    for (let i = 1; i < slots.length; i++) expect(slots[i]!.start - slots[i - 1]!.start).toBeGreaterThanOrEqual(3_600_000);
    for (const s of slots) expect(s.end <= utc('2026-12-08T09:00:00Z') || s.start >= utc('2026-12-08T13:00:00Z')).toBe(true);
  });
});
