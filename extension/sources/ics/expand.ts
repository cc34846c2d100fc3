import ICAL from 'ical.js';
import type { ShowAs } from '../../../core';
import { showAsOf } from './show-as';
import { isKnownZone, wallClockToEpoch } from './wall-clock';

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
 * A runaway rule (FREQ=MINUTELY since 1990) must not hang the worker (a step costs tens of µs);
 * a daily series started in 1970 still fits.
 */
const MAX_STEPS = 20_000;

/** Parse a feed's text, or throw in words when it is not an iCalendar file. */
export function parseFeed(text: string): Component {
  let root: Component;
  try {
    root = new ICAL.Component(ICAL.parse(text));
  } catch (err) {
    throw new Error(`The calendar link's answer is not a readable calendar (ICS) file: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  if (root.name !== 'vcalendar') throw new Error('The calendar link\'s answer is not a calendar (ICS) file: it holds no VCALENDAR.');
  return root;
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

/** A single event, or a moved/changed instance of a series, at its own times. */
function single(vevent: Component, w: ExpandWindow): Occurrence | null {
  const showAs = showAsOf(vevent);
  if (!showAs || !vevent.hasProperty('dtstart')) return null;
  const event = new ICAL.Event(vevent, { exceptions: [] });
  const o = { startMs: epochOf(event.startDate, tzidOf(vevent, 'dtstart'), w.timeZone), endMs: epochOf(event.endDate, tzidOf(vevent, 'dtend') ?? tzidOf(vevent, 'dtstart'), w.timeZone), showAs };
  return overlaps(o, w) ? o : null;
}

/** The instances of a series inside the window, minus those an override replaces. */
function series(master: Component, replaced: Set<number>, w: ExpandWindow, out: Occurrence[]): void {
  const showAs = showAsOf(master);
  if (!showAs) return;
  const event = new ICAL.Event(master, { exceptions: [] });
  const tzid = tzidOf(master, 'dtstart');
  const duration = event.duration;
  const it = event.iterator();
  for (let step = 0, t = it.next(); t && step < MAX_STEPS; step++, t = it.next()) {
    const startMs = epochOf(t, tzid, w.timeZone);
    if (startMs >= w.toMs) break;
    if (replaced.has(startMs)) continue;
    const end = t.clone();
    end.addDuration(duration);
    const o = { startMs, endMs: epochOf(end, tzid, w.timeZone), showAs };
    if (overlaps(o, w)) out.push(o);
  }
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
    const recurrenceId = vevent.getFirstPropertyValue('recurrence-id');
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
    if (master.hasProperty('rrule') || master.hasProperty('rdate')) {
      const found: Occurrence[] = [];
      // All of a series or none: a rule that breaks halfway would leave a partial week.
      if (guarded(() => (series(master, replaced.get(String(master.getFirstPropertyValue('uid') ?? '')) ?? new Set(), w, found), null), out, skipped)) out.push(...found);
    } else {
      guarded(() => single(master, w), out, skipped);
    }
  }
  return out.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
}
