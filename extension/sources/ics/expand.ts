import ICAL from 'ical.js';
import type { ShowAs } from '../../../core';
import { showAsOf } from './show-as';
import { isKnownZone, wallClockToEpoch, type WallClock } from './wall-clock';

type Component = InstanceType<typeof ICAL.Component>;
type Time = InstanceType<typeof ICAL.Time>;

/** One time the person's calendar has something, with how it makes them look. */
export interface Occurrence {
  startMs: number;
  endMs: number;
  showAs: ShowAs;
}

export interface ExpandWindow {
  fromMs: number;
  toMs: number;
  /** The person's IANA zone: all-day dates and floating times are read in it. */
  timeZone: string;
}

/**
 * A runaway rule (FREQ=MINUTELY since 1990) must not hang the worker (a step costs a few µs);
 * a daily series started in 1970 still fits.
 */
const MAX_STEPS = 50_000;

/** Parse a feed's text, or throw in words when it is not an iCalendar file. */
export function parseFeed(text: string): Component {
  let root: Component;
  try {
    root = new ICAL.Component(ICAL.parse(text));
  } catch (err) {
    throw new Error(`The calendar link's answer is not a readable calendar (ICS) file: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  if (root.name !== 'vcalendar') throw new Error('The calendar link\'s answer is not a calendar (ICS) file: it holds no VCALENDAR.');
  startZoneRulesIn1970(root);
  return root;
}

/**
 * Outlook starts every VTIMEZONE rule in 1601 (DTSTART:16010101T…), and ical.js expands a zone's
 * transitions from its rules' start on each parse: four centuries, twice a year, per zone and
 * fetch. Starting the rules in 1970 gives the same offsets for every time a status can need.
 */
function startZoneRulesIn1970(root: Component): void {
  for (const zone of root.getAllSubcomponents('vtimezone')) {
    for (const rule of zone.getAllSubcomponents()) {
      const dtstart = (rule.jCal[1] as unknown[][]).find((p) => p[0] === 'dtstart');
      const value = dtstart?.[3];
      if (dtstart && typeof value === 'string' && /^\d{4}-/.test(value) && Number(value.slice(0, 4)) < 1970) dtstart[3] = `1970${value.slice(4)}`;
    }
  }
}

/**
 * The instant a time names. Zoned times use the feed's own VTIMEZONE (Outlook names them the
 * Windows way, "W. Europe Standard Time", and defines them in the feed); a date, a floating
 * time, or a TZID the feed does not define is read as an IANA name if it is one, else in the
 * person's zone.
 */
function epochOf(time: Time, tzid: string | null, personZone: string): number {
  const tz = time.zone?.tzid;
  if (!time.isDate && tz && tz !== 'floating') return time.toUnixTime() * 1000;
  const zone = !time.isDate && tzid && isKnownZone(tzid) ? tzid : personZone;
  return wallClockToEpoch(time, zone);
}

function tzidOf(event: Component, name: string): string | null {
  const value = event.getFirstProperty(name)?.getParameter('tzid');
  return typeof value === 'string' ? value : null;
}

function overlaps(o: Occurrence, w: ExpandWindow): boolean {
  return o.endMs > w.fromMs && o.startMs < w.toMs && o.endMs > o.startMs;
}

/** Time-zone offsets are under a day: a wall-clock time further than this from the window is outside it. */
const SLACK_MS = 2 * 86_400_000;

/** A time's wall-clock reading as if it were UTC: cheap, and within SLACK_MS of the instant. */
function naiveMs(t: WallClock): number {
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
}

function rawProps(event: Component): unknown[][] {
  return event.jCal[1] as unknown[][];
}

function hasRaw(event: Component, name: string): boolean {
  return rawProps(event).some((p) => p[0] === name);
}

/** The raw value of a date property as a naive ms, read from jCal without ical.js hydrating the event (slow). */
function rawNaiveMs(event: Component, name: string): number | null {
  const raw = rawProps(event).find((p) => p[0] === name)?.[3];
  const m = typeof raw === 'string' ? /^(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d):(\d\d))?/.exec(raw) : null;
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)) : null;
}

/** A single event, or a moved/changed instance of a series, at its own times. */
function single(vevent: Component, w: ExpandWindow): Occurrence | null {
  // Most of a feed is the past: skip it before ical.js reads the event at all.
  const naiveStart = rawNaiveMs(vevent, 'dtstart');
  const naiveEnd = rawNaiveMs(vevent, 'dtend');
  if ((naiveStart !== null && naiveStart > w.toMs + SLACK_MS) || (naiveEnd !== null && naiveEnd < w.fromMs - SLACK_MS)) return null;
  const showAs = showAsOf(vevent);
  if (!showAs || !vevent.hasProperty('dtstart')) return null;
  const event = new ICAL.Event(vevent, { exceptions: [] });
  const o = { startMs: epochOf(event.startDate, tzidOf(vevent, 'dtstart'), w.timeZone), endMs: epochOf(event.endDate, tzidOf(vevent, 'dtend') ?? tzidOf(vevent, 'dtstart'), w.timeZone), showAs };
  return overlaps(o, w) ? o : null;
}

type Recur = InstanceType<typeof ICAL.Recur>;

/**
 * Skip whole periods of a daily or weekly rule that end before `targetNaive`, so a series
 * started years ago costs a few steps, not hundreds. Whole periods keep the rule's weekdays and
 * its week parity (INTERVAL=2); COUNT counts from the real start, so those rules are not moved.
 * One period of margin keeps the moved start (yielded as an instance even if the rule would not
 * produce it) well before the window.
 */
function fastForward(rule: Recur, wallStart: Time, targetNaive: number): Time {
  if (rule.count || (rule.freq !== 'DAILY' && rule.freq !== 'WEEKLY')) return wallStart;
  const periodDays = (rule.freq === 'WEEKLY' ? 7 : 1) * (rule.interval || 1);
  const periods = Math.floor((targetNaive - naiveMs(wallStart)) / 86_400_000 / periodDays) - 1;
  if (periods <= 0) return wallStart;
  const moved = wallStart.clone();
  moved.adjust(periods * periodDays, 0, 0, 0);
  return moved;
}

/** Every value of a multi-valued date property (EXDATE, RDATE) as instants. */
function instantsOf(master: Component, name: string, personZone: string): number[] {
  const out: number[] = [];
  for (const prop of master.getAllProperties(name)) {
    const tzid = prop.getParameter('tzid');
    for (const value of prop.getValues()) {
      const time = value instanceof ICAL.Period ? value.start : value;
      if (time instanceof ICAL.Time) out.push(epochOf(time, typeof tzid === 'string' ? tzid : null, personZone));
    }
  }
  return out;
}

/**
 * The instances of a series inside the window, minus EXDATEs and those an override replaces.
 * RRULEs are stepped on the wall clock (what RFC 5545 means, and several times faster in
 * ical.js than stepping zoned times); only instances near the window get their zone applied.
 */
function series(master: Component, replaced: Set<number>, w: ExpandWindow, out: Occurrence[]): void {
  const showAs = showAsOf(master);
  if (!showAs) return;
  const event = new ICAL.Event(master, { exceptions: [] });
  const tzid = tzidOf(master, 'dtstart');
  const zoned = event.startDate;
  const durationMs = event.duration.toSeconds() * 1000;
  const skip = new Set([...replaced, ...instantsOf(master, 'exdate', w.timeZone)]);
  const seen = new Set<number>();
  const emitAt = (startMs: number, endMs: number) => {
    if (skip.has(startMs) || seen.has(startMs)) return;
    seen.add(startMs);
    const o = { startMs, endMs, showAs };
    if (overlaps(o, w)) out.push(o);
  };
  /** An instance read on the series' wall clock, put back in its zone. */
  const emit = (wall: Time) => {
    const start = wall.clone();
    start.zone = zoned.zone;
    const end = start.clone();
    end.addDuration(event.duration);
    emitAt(epochOf(start, tzid, w.timeZone), epochOf(end, tzid, w.timeZone));
  };
  const wallStart = zoned.clone();
  wallStart.zone = ICAL.Timezone.localTimezone;
  for (const rule of master.getAllProperties('rrule').map((p) => p.getFirstValue())) {
    if (!(rule instanceof ICAL.Recur)) continue;
    const wallRule = rule.clone();
    // UNTIL is usually UTC: read it on the series' own wall clock, or the last instance is lost.
    if (wallRule.until && !wallRule.until.isDate && zoned.zone && zoned.zone.tzid !== 'floating') {
      const until = wallRule.until.convertToZone(zoned.zone);
      until.zone = ICAL.Timezone.localTimezone;
      wallRule.until = until;
    }
    const it = wallRule.iterator(fastForward(wallRule, wallStart, w.fromMs - SLACK_MS - durationMs));
    for (let step = 0, t = it.next(); t && step < MAX_STEPS; step++, t = it.next()) {
      const naive = naiveMs(t);
      if (naive > w.toMs + SLACK_MS) break;
      if (naive + durationMs >= w.fromMs - SLACK_MS) emit(t);
    }
  }
  for (const startMs of instantsOf(master, 'rdate', w.timeZone)) emitAt(startMs, startMs + durationMs);
  // DTSTART is the first instance even when the rule would not produce it (RFC 5545 3.8.5.3).
  emit(wallStart);
}

/** Run one event's expansion; false (and `skipped` told) when ical.js could not read it. */
function guarded(read: () => Occurrence | null, out: Occurrence[], skipped: (err: unknown) => void): boolean {
  try {
    const o = read();
    if (o) out.push(o);
    return true;
  } catch (err) {
    skipped(err);
    return false;
  }
}

/**
 * Every occurrence in the window: series expanded with their EXDATEs, RECURRENCE-ID overrides
 * placed at their own (possibly moved) times, cancelled ones dropped. Only times and busy
 * states leave this function: titles, places and people never do (private items included).
 * An event ical.js cannot read (a broken RRULE, a bad date) is skipped and reported through
 * `skipped`: one bad event must not blank the whole calendar.
 */
export function expandFeed(calendar: Component, w: ExpandWindow, skipped: (err: unknown) => void = () => undefined): Occurrence[] {
  const out: Occurrence[] = [];
  const masters: Component[] = [];
  const replaced = new Map<string, Set<number>>();
  for (const vevent of calendar.getAllSubcomponents('vevent')) {
    // Asking ical.js for a property hydrates the whole event: look in the raw jCal first.
    const recurrenceId = hasRaw(vevent, 'recurrence-id') ? vevent.getFirstPropertyValue('recurrence-id') : null;
    if (!(recurrenceId instanceof ICAL.Time)) {
      masters.push(vevent);
      continue;
    }
    const uid = String(vevent.getFirstPropertyValue('uid') ?? '');
    const ids = replaced.get(uid) ?? new Set<number>();
    ids.add(epochOf(recurrenceId, tzidOf(vevent, 'recurrence-id'), w.timeZone));
    replaced.set(uid, ids);
    guarded(() => single(vevent, w), out, skipped);
  }
  for (const master of masters) {
    if (hasRaw(master, 'rrule') || hasRaw(master, 'rdate')) {
      const found: Occurrence[] = [];
      // All of a series or none: a rule that breaks halfway would leave a partial week.
      if (guarded(() => (series(master, replaced.get(String(master.getFirstPropertyValue('uid') ?? '')) ?? new Set(), w, found), null), out, skipped)) out.push(...found);
    } else {
      guarded(() => single(master, w), out, skipped);
    }
  }
  return out.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
}
