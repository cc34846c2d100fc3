import type { Availability } from '../../core/availability';
import { STATUS_COLOURS, type ColourPair } from '../../core/palette';
import type { CallState } from '../../core/wire/reports';
import { availabilityLabel, CALL_CHIP_WORDS, calendarLines, callChips, clockTime, initials, LABEL_LOCALE, SHORT_AVAILABILITY, type CallChip } from '../../core/wording';
import { noticeFor, type NoticeModel } from './notices';
import type { ShareTarget } from './share-link';
import type { ShareView } from './share-view';
import type { WidgetState } from './widget-state';

export type { WidgetState };

/** A line with a monochrome-safe SF Symbol. */
export interface Detail {
  symbol: string;
  text: string;
}

export interface StatusModel {
  kind: 'status';
  name: string;
  initials: string;
  availability: Availability;
  colour: ColourPair;
  symbol: string;
  /** One word for the 72 pt lock-screen circle. */
  short: string;
  headline: string;
  /** "since 10:00", or "Busy since 10:00" when the headline is an activity like "In a call". */
  since: string;
  /** Mic, camera, "busy until", next meeting: only present at level `detailed`. */
  details: Detail[];
  message: string | null;
  /** Set when the status may be out of date; `offline` = the relay could not be reached. */
  stale: { at: Date; offline: boolean } | null;
  /** When the relay last heard about this status. */
  updatedAt: Date;
  url: string;
  refreshAfter: Date;
}

export type { NoticeModel };
export type WidgetModel = StatusModel | NoticeModel;

const MINUTE = 60_000;
const CALL_ACTIVITIES = ['InACall', 'InAConferenceCall', 'InAMeeting', 'Presenting'];

const SYMBOLS: Record<Availability, string> = {
  Available: 'checkmark.circle.fill',
  Busy: 'circle.fill',
  DoNotDisturb: 'minus.circle.fill',
  BeRightBack: 'arrow.uturn.backward.circle.fill',
  Away: 'clock.fill',
  Offline: 'xmark.circle',
  Unknown: 'questionmark.circle',
};

/** Monochrome-safe SF Symbols for core's call chips. */
const CHIP_SYMBOLS: Record<CallChip, string> = {
  muted: 'mic.slash.fill',
  'mic-on': 'mic.fill',
  'camera-on': 'video.fill',
  'camera-off': 'video.slash.fill',
  sharing: 'rectangle.on.rectangle',
  recording: 'record.circle',
  'hand-raised': 'hand.raised.fill',
};

const inCall = (v: ShareView): boolean => v.call?.inCall === true || CALL_ACTIVITIES.includes(v.activity);

const callDetails = (call: CallState | null): Detail[] => callChips(call).map((chip) => ({ symbol: CHIP_SYMBOLS[chip], text: CALL_CHIP_WORDS[chip] }));

// The relay's labels are on the 24-hour clock; the widget's own times match them.
const at = (iso: string, now: number, tz: string) => clockTime(iso, now, { timeZone: tz, locale: LABEL_LOCALE });

function details(v: ShareView, now: number, tz: string): Detail[] {
  const lines = calendarLines(v.calendar, v.label, now, { timeZone: tz, locale: LABEL_LOCALE });
  return [...callDetails(v.call), ...lines.map((l) => ({ symbol: l.kind === 'busy-until' ? 'calendar' : 'calendar.badge.clock', text: l.text }))];
}

// iOS treats this as the earliest refresh, so ask early in a call (mute flips matter) and
// right at the end of a busy block; otherwise spare the refresh budget.
function refreshAfter(v: ShareView, now: number, offline: boolean): Date {
  if (inCall(v)) return new Date(now + 1.5 * MINUTE);
  if (offline) return new Date(now + 5 * MINUTE);
  const until = v.calendar?.busyUntil ? Date.parse(v.calendar.busyUntil) : NaN;
  if (until > now && until < now + 15 * MINUTE) return new Date(Math.max(until, now + MINUTE));
  return new Date(now + 15 * MINUTE);
}

// Past this age a status is history, not news: it loses its colour so it cannot pass for live.
const FADE_AFTER = 60 * MINUTE;

function statusModel(v: ShareView, target: ShareTarget, now: number, tz: string, cachedAt: string | null): StatusModel {
  const calling = inCall(v);
  const stale = cachedAt ? { at: new Date(cachedAt), offline: true } : v.stale ? { at: new Date(v.updatedAt), offline: false } : null;
  const faded = stale !== null && now - stale.at.getTime() > FADE_AFTER;
  return {
    kind: 'status',
    name: v.displayName,
    initials: initials(v.displayName),
    availability: v.availability,
    colour: STATUS_COLOURS[faded ? 'Unknown' : v.availability],
    symbol: calling ? (v.activity === 'Presenting' ? 'rectangle.on.rectangle' : 'phone.fill') : SYMBOLS[v.availability],
    short: calling ? 'Call' : SHORT_AVAILABILITY[v.availability],
    headline: v.label,
    since: `${v.label === availabilityLabel(v.availability) ? 'since' : `${availabilityLabel(v.availability)} since`} ${at(v.since, now, tz)}`,
    details: details(v, now, tz),
    message: v.message,
    stale,
    updatedAt: new Date(v.updatedAt),
    url: target.pageUrl,
    refreshAfter: refreshAfter(v, now, cachedAt !== null),
  };
}

/** Pure: state → what to draw. `tz` is the phone's time zone for "since 10:00". */
export function buildModel(state: WidgetState, now: number, tz: string): WidgetModel {
  switch (state.kind) {
    case 'live':
      return statusModel(state.view, state.target, now, tz, null);
    case 'cached':
      return statusModel(state.view, state.target, now, tz, state.fetchedAt);
    default:
      return noticeFor(state, now);
  }
}
