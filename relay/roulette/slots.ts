import { hash32 } from './seeded';
import { ianaZone, instantOf, wallClock } from './time-zones';

/** One person's calendar for the window, as getSchedule tells it (times as UTC ms). */
export interface PersonCalendar {
  email: string;
  /** Busy, tentative and out-of-office spans (free and working-elsewhere are not busy). */
  busy: readonly { start: number; end: number }[];
  /** getSchedule's workingHours; null: the round's default (weekdays 09:00–17:00 in the round's zone). */
  workingHours: WorkingHours | null;
}

export interface WorkingHours {
  daysOfWeek: readonly string[];
  /** "08:30:00.0000000" */
  startTime: string;
  endTime: string;
  timeZone?: { name?: string };
}

export interface SlotWindow {
  start: number;
  end: number;
  durationMinutes: number;
  /** The round's zone: for people whose working hours name no usable zone. */
  timeZone: string;
  seed: string;
}

export interface Slot {
  start: number;
  end: number;
}

/** Candidate starts are on the quarter hour. */
const STEP_MS = 15 * 60_000;
const DEFAULT_HOURS: WorkingHours = { daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], startTime: '09:00', endTime: '17:00' };

const minutesOf = (time: string) => {
  const [h, m] = time.split(':');
  return Number(h) * 60 + Number(m ?? 0);
};

/** A person's working hours over the window, as UTC spans (one per working local day). */
export function workingSpans(hours: WorkingHours | null, window: SlotWindow): Slot[] {
  const h = hours ?? DEFAULT_HOURS;
  const zone = ianaZone(hours ? h.timeZone?.name : window.timeZone, window.timeZone);
  const days = new Set(h.daysOfWeek.map((d) => d.toLowerCase()));
  const from = minutesOf(h.startTime);
  const to = minutesOf(h.endTime);
  const spans: Slot[] = [];
  // Every local date the window touches, a day either side for zones far from UTC; half-day
  // steps, so a 23- or 25-hour day (daylight saving) can never skip a date.
  for (let t = window.start - 86_400_000; t < window.end + 86_400_000; t += 43_200_000) {
    const local = wallClock(t, zone);
    if (!days.has(local.weekday)) continue;
    const start = Math.max(window.start, instantOf(local.date, from, zone));
    const end = Math.min(window.end, instantOf(local.date, to, zone));
    if (end > start && !spans.some((s) => s.start === start)) spans.push({ start, end });
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** How many groups already start at each instant: spreading them keeps the company out of one 10:00. */
export class SlotLoad {
  private readonly count = new Map<number, number>();
  at(start: number): number {
    return this.count.get(start) ?? 0;
  }
  add(start: number): void {
    this.count.set(start, this.at(start) + 1);
  }
}

interface Ranked extends Slot {
  cost: number;
}

/**
 * Every mutual free start in the window, cheapest first: inside everyone's working hours, free
 * for everyone, then preferring a gap before and after (no back-to-back meeting), fewer groups
 * already at that time, and a seeded spread across the week.
 */
export function rankSlots(people: readonly PersonCalendar[], window: SlotWindow, load: SlotLoad, groupKey: string): Ranked[] {
  const duration = window.durationMinutes * 60_000;
  const spans = people.map((p) => workingSpans(p.workingHours, window));
  const busy = people.flatMap((p) => p.busy);
  const first = Math.ceil(window.start / STEP_MS) * STEP_MS;
  const out: Ranked[] = [];
  for (let start = first; start + duration <= window.end; start += STEP_MS) {
    const end = start + duration;
    if (!spans.every((own) => own.some((s) => s.start <= start && end <= s.end))) continue;
    if (busy.some((b) => b.start < end && b.end > start)) continue;
    const backToBack = busy.filter((b) => b.end === start || b.start === end).length;
    const jitter = hash32(`${groupKey}|${start}`, hash32(window.seed)) % 100;
    out.push({ start, end, cost: backToBack * 10_000 + load.at(start) * 150 + jitter });
  }
  return out.sort((a, b) => a.cost - b.cost || a.start - b.start);
}

/** The best slot for a group (null: no mutual free time in the window), counted in `load`. */
export function pickSlot(people: readonly PersonCalendar[], window: SlotWindow, load: SlotLoad, groupKey: string): Slot | null {
  const best = rankSlots(people, window, load, groupKey)[0];
  if (!best) return null;
  load.add(best.start);
  return { start: best.start, end: best.end };
}

/** Alternatives for a reschedule: the next `count` free starts in time order, at least an hour apart. */
export function nextSlots(people: readonly PersonCalendar[], window: SlotWindow, count: number): Slot[] {
  const all = rankSlots(people, window, new SlotLoad(), 'reschedule').filter((s) => s.cost < 10_000);
  const pool = (all.length ? all : rankSlots(people, window, new SlotLoad(), 'reschedule')).sort((a, b) => a.start - b.start);
  const picked: Slot[] = [];
  for (const s of pool) {
    if (picked.length >= count) break;
    if (picked.every((p) => Math.abs(p.start - s.start) >= 3_600_000)) picked.push({ start: s.start, end: s.end });
  }
  return picked;
}
