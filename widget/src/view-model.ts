import { availabilityLabel, type Availability } from '../../core/availability';
import { STATUS_COLOURS, type ColourPair } from '../../core/palette';
import { shortTime } from '../../core/time-format';
import type { ShareTarget } from './share-link';
import type { CallView, ShareView } from './share-view';
import { noticeFor, type NoticeModel } from './notices';

/** Everything the widget can know at one run: what it was given and what the relay said. */
export type WidgetState =
  | { kind: 'no-link' }
  | { kind: 'bad-link'; reason: string }
  | { kind: 'live'; target: ShareTarget; view: ShareView }
  | { kind: 'cached'; target: ShareTarget; view: ShareView; fetchedAt: string; reason: string }
  | { kind: 'revoked'; target: ShareTarget }
  | { kind: 'offline'; target: ShareTarget; reason: string }
  | { kind: 'crashed'; reason: string };

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

const SHORT: Record<Availability, string> = {
  Available: 'Free',
  Busy: 'Busy',
  DoNotDisturb: 'DND',
  BeRightBack: 'BRB',
  Away: 'Away',
  Offline: 'Off',
  Unknown: '?',
};

const inCall = (v: ShareView): boolean => v.call?.inCall === true || CALL_ACTIVITIES.includes(v.activity);

function callDetails(call: CallView | null): Detail[] {
  if (!call?.inCall) return [];
  const out: Detail[] = [];
  if (call.muted !== undefined) out.push(call.muted ? { symbol: 'mic.slash.fill', text: 'Muted' } : { symbol: 'mic.fill', text: 'Mic on' });
  if (call.camera !== undefined) out.push(call.camera ? { symbol: 'video.fill', text: 'Camera on' } : { symbol: 'video.slash.fill', text: 'Camera off' });
  if (call.sharing) out.push({ symbol: 'rectangle.on.rectangle', text: 'Sharing screen' });
  if (call.recording) out.push({ symbol: 'record.circle', text: 'Recording' });
  if (call.handRaised) out.push({ symbol: 'hand.raised.fill', text: 'Hand raised' });
  return out;
}

function details(v: ShareView, now: number, tz: string): Detail[] {
  const out = callDetails(v.call);
  const until = v.calendar?.busyUntil;
  if (until && Date.parse(until) > now) out.push({ symbol: 'calendar', text: `Busy until ${shortTime(until, now, tz)}` });
  const next = v.calendar?.next;
  if (next && Date.parse(next.start) > now) {
    const what = next.showAs === 'oof' ? 'Out of office from' : 'Next meeting';
    out.push({ symbol: 'calendar.badge.clock', text: `${what} ${shortTime(next.start, now, tz)}` });
  }
  return out;
}

function initials(name: string): string {
  const letters = name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w.charAt(0).toUpperCase());
  return letters.join('') || '?';
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
    short: calling ? 'Call' : SHORT[v.availability],
    headline: v.label,
    since: `${v.label === availabilityLabel(v.availability) ? 'since' : `${availabilityLabel(v.availability)} since`} ${shortTime(v.since, now, tz)}`,
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
