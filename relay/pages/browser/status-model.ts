// What the status page says for one public view, shared by the server's first paint
// (relay/pages/status-page.ts) and the browser's live updates (status-page-client.ts), so both
// say exactly the same thing. The words themselves come from core's wording module.
import type { Availability } from '../../../core/availability';
import type { PublicView } from '../../../core/status';
import { agoText, availabilityLabel, CALL_CHIP_WORDS, calendarLines, callChips, durationWords, initials, LABEL_LOCALE, sinceText, STALE_WORDS } from '../../../core/wording';

/** Every field is text, never markup. */
export interface StatusModel {
  displayName: string;
  initials: string;
  avatarUrl: string | null;
  availability: Availability;
  label: string;
  since: string;
  stale: boolean;
  staleText: string;
  updated: string;
  chips: string[];
  calendar: string[];
  message: string;
  title: string;
}

/** Only an absolute https URL may become an <img src>; anything else (javascript:, data:, http:) is dropped. */
export function safeAvatarUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** `timeZone` undefined: the viewer's own zone (the browser). Clock times follow the labels' 24-hour clock. */
export function statusModel(view: PublicView, nowMs: number, timeZone: string | undefined): StatusModel {
  const detailed = view.level === 'detailed';
  const style = timeZone ? { timeZone, locale: LABEL_LOCALE } : { locale: LABEL_LOCALE };
  return {
    displayName: view.user.displayName,
    initials: initials(view.user.displayName),
    avatarUrl: safeAvatarUrl(view.user.avatarUrl),
    availability: view.availability,
    label: view.label,
    // "Unknown for 3 h" reads like a fact about the person; it is a fact about their sensors.
    since: view.availability === 'Unknown' ? 'Nothing reported recently' : sinceText(view.since, nowMs),
    stale: view.stale === true,
    staleText: view.stale ? STALE_WORDS : '',
    updated: `Updated ${agoText(view.updatedAt, nowMs)}`,
    chips: detailed ? callChips(view.call).map((c) => CALL_CHIP_WORDS[c]) : [],
    calendar: detailed ? calendarLines(view.calendar, view.label, nowMs, style).map((l) => l.text) : [],
    message: detailed && typeof view.message === 'string' ? view.message : '',
    title: `${view.user.displayName} — ${view.label}`,
  };
}

export interface TimelineSegment {
  availability: Availability;
  /** Fractions of the window, 0 = its start, 1 = now. */
  start: number;
  end: number;
}

/**
 * History entries (oldest first) → coloured stretches of the window [nowMs - windowMs, nowMs].
 * Time before the first known entry is left out (unknown).
 */
export function timelineSegments(items: readonly { at: string; availability: Availability }[], nowMs: number, windowMs: number): TimelineSegment[] {
  const start = nowMs - windowMs;
  const segments: TimelineSegment[] = [];
  items.forEach((item, i) => {
    const from = Math.max(Date.parse(item.at), start);
    const next = items[i + 1];
    const to = Math.min(next ? Date.parse(next.at) : nowMs, nowMs);
    if (!(to > from)) return;
    const last = segments[segments.length - 1];
    const a = item.availability;
    if (last && last.availability === a && Math.abs(last.end - (from - start) / windowMs) < 1e-9) last.end = (to - start) / windowMs;
    else segments.push({ availability: a, start: (from - start) / windowMs, end: (to - start) / windowMs });
  });
  return segments;
}

/** "Busy 2 h 10 min, Available 35 min": time per availability, most first (the bar's text alternative). */
export function timelineSummary(segments: readonly TimelineSegment[], windowMs: number): string {
  const totals = new Map<Availability, number>();
  for (const s of segments) totals.set(s.availability, (totals.get(s.availability) ?? 0) + (s.end - s.start) * windowMs);
  return [...totals]
    .filter(([, ms]) => ms >= 60_000)
    .sort((a, b) => b[1] - a[1])
    .map(([a, ms]) => `${availabilityLabel(a)} ${durationWords(ms)}`)
    .join(', ');
}
