// Every word Teams Status says about a status, in one place: the extension, the relay's status
// page (server and browser) and the iPhone widget all take their wording from here, so the
// same status reads the same everywhere. Pure text: no DOM, no I/O.
import type { Availability } from './availability';
import type { SourceName } from './sources';
import type { CalendarSummary } from './status';
import type { CallState } from './wire/reports';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const AVAILABILITY_LABELS: Record<Availability, string> = {
  Available: 'Available',
  Busy: 'Busy',
  DoNotDisturb: 'Do not disturb',
  BeRightBack: 'Be right back',
  Away: 'Away',
  Offline: 'Offline',
  Unknown: 'Unknown',
};

export function availabilityLabel(a: Availability): string {
  return AVAILABILITY_LABELS[a];
}

/** One word per availability, for the widget's small lock-screen circle. */
export const SHORT_AVAILABILITY: Record<Availability, string> = {
  Available: 'Free',
  Busy: 'Busy',
  DoNotDisturb: 'DND',
  BeRightBack: 'BRB',
  Away: 'Away',
  Offline: 'Off',
  Unknown: '?',
};

/** Graph activity words a person recognises, phrased as Teams phrases them. */
const ACTIVITY_LABELS: Record<string, string> = {
  InACall: 'In a call',
  InAConferenceCall: 'In a conference call',
  InAMeeting: 'In a meeting',
  Presenting: 'Presenting',
  OutOfOffice: 'Out of office',
  OffWork: 'Off work',
  DoNotDisturb: 'Do not disturb',
  UrgentInterruptionsOnly: 'Urgent interruptions only',
  Inactive: 'Inactive',
  BeRightBack: 'Be right back',
  Away: 'Away',
  Busy: 'Busy',
  Available: 'Available',
  Offline: 'Offline',
  WorkingElsewhere: 'Working elsewhere',
  Tentative: 'Tentative',
};

/** Label for an availability/activity pair; unknown activities fall back to the availability. */
export function activityLabel(availability: Availability, activity: string): string {
  return ACTIVITY_LABELS[activity] ?? availabilityLabel(availability);
}

/** Where a status came from, as said after "·" ("· set by you", "· from Teams desktop"). */
export const SOURCE_WORDS: Record<SourceName, string> = {
  manual: 'set by you',
  'teams-local': 'from Teams desktop',
  'teams-web': 'from Teams on the web',
  graph: 'from Microsoft Graph',
  calendar: 'from your calendar',
};

/** "AL" for "Ada Lovelace": the first letters of the first and the last word, whatever the script. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = [...(words[0] ?? '')][0] ?? '';
  const last = words.length > 1 ? ([...(words[words.length - 1] ?? '')][0] ?? '') : '';
  return (first + last).toUpperCase() || '?';
}

/** "45 min", "2 h", "2 h 10 min", "3 days" (whole minutes, rounded down: never overstated). */
export function durationWords(ms: number): string {
  const totalMin = Math.max(0, Math.floor(ms / MINUTE));
  if (totalMin * MINUTE >= 2 * DAY) {
    const days = Math.floor(totalMin / (24 * 60));
    return `${days} days`;
  }
  const h = Math.floor(totalMin / 60);
  const m = totalMin % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

const elapsed = (iso: string, nowMs: number) => Math.max(0, nowMs - Date.parse(iso));

/** "for less than a minute", "for 12 min", "for 2 h 5 min", "for 3 days". */
export function sinceText(iso: string, nowMs: number): string {
  const ms = elapsed(iso, nowMs);
  if (!Number.isFinite(ms)) return '';
  return ms < MINUTE ? 'for less than a minute' : `for ${durationWords(ms)}`;
}

/** "just now", "4 min ago", "2 h 10 min ago", "3 days ago". */
export function agoText(iso: string, nowMs: number): string {
  const ms = elapsed(iso, nowMs);
  if (!Number.isFinite(ms)) return 'at an unknown time';
  return ms < MINUTE ? 'just now' : `${durationWords(ms)} ago`;
}

/**
 * How clock times are written. `locale` absent: the environment's own (the browser's, in the
 * extension: one format for every time it shows). The relay's labels, status page and widget
 * pass LABEL_LOCALE: their times sit inside labels that people on any phone read.
 */
export interface ClockStyle {
  timeZone?: string;
  locale?: string;
}

/** The 24-hour clock of labels ("Busy until 17:00"): no AM/PM to localise for a viewer. */
export const LABEL_LOCALE = 'en-GB';

/** "17:00" (or "05:00 PM", by locale) on the same day as now, else with the weekday: "Fri 17:00". */
export function clockTime(iso: string, nowMs: number, style: ClockStyle = {}): string {
  const at = new Date(iso);
  const zone = style.timeZone ? { timeZone: style.timeZone } : {};
  const time = new Intl.DateTimeFormat(style.locale, { hour: '2-digit', minute: '2-digit', ...zone }).format(at);
  const day = (d: Date) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'short', ...zone }).format(d);
  if (day(at) === day(new Date(nowMs))) return time;
  return `${new Intl.DateTimeFormat(style.locale, { weekday: 'short', ...zone }).format(at)} ${time}`;
}

/** A "HH:MM" from a time picker, written like every other clock time (today's date assumed). */
export function pickedTime(hhmm: string, style: ClockStyle = {}): string {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) return hhmm;
  const d = new Date(2000, 0, 1, Number(m[1]), Number(m[2]));
  return new Intl.DateTimeFormat(style.locale, { hour: '2-digit', minute: '2-digit' }).format(d);
}

export type CallChip = 'muted' | 'mic-on' | 'camera-on' | 'camera-off' | 'sharing' | 'recording' | 'hand-raised';

export const CALL_CHIP_WORDS: Record<CallChip, string> = {
  muted: 'Muted',
  'mic-on': 'Mic on',
  'camera-on': 'Camera on',
  'camera-off': 'Camera off',
  sharing: 'Sharing screen',
  recording: 'Recording',
  'hand-raised': 'Hand raised',
};

/** The call flags the sensor could see, in a fixed order; an absent flag says nothing. */
export function callChips(call: Partial<CallState> | null | undefined): CallChip[] {
  if (!call?.inCall) return [];
  const chips: CallChip[] = [];
  if (call.muted === true) chips.push('muted');
  if (call.muted === false) chips.push('mic-on');
  if (call.camera === true) chips.push('camera-on');
  if (call.camera === false) chips.push('camera-off');
  if (call.sharing === true) chips.push('sharing');
  if (call.recording === true) chips.push('recording');
  if (call.handRaised === true) chips.push('hand-raised');
  return chips;
}

const NEXT_WORDS: Record<string, string> = {
  busy: 'Next meeting',
  tentative: 'Next (tentative)',
  oof: 'Out of office',
  workingElsewhere: 'Working elsewhere',
  free: 'Next',
};

export interface CalendarLine {
  kind: 'busy-until' | 'next';
  text: string;
}

/**
 * "Busy until 11:00" (left out when the label already says until when, or it is over) and
 * "Next meeting 14:00–14:30" (left out once it has started).
 */
export function calendarLines(calendar: CalendarSummary | { busyUntil: string | null; next: { start: string; end: string; showAs: string } | null } | null | undefined, label: string, nowMs: number, style: ClockStyle): CalendarLine[] {
  if (!calendar) return [];
  const lines: CalendarLine[] = [];
  const until = calendar.busyUntil;
  if (until && Date.parse(until) > nowMs && !/ until /.test(label)) lines.push({ kind: 'busy-until', text: `Busy until ${clockTime(until, nowMs, style)}` });
  const next = calendar.next;
  if (next && Date.parse(next.start) > nowMs) {
    lines.push({ kind: 'next', text: `${NEXT_WORDS[next.showAs] ?? 'Next'} ${clockTime(next.start, nowMs, style)}–${clockTime(next.end, nowMs, style)}` });
  }
  return lines;
}

/** "May be out of date: …": one sentence for a status its sensors stopped confirming. */
export const STALE_WORDS = 'May be out of date: their devices have not reported recently.';
