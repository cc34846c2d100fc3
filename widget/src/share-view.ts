import { AVAILABILITIES, type Availability } from '../../core/availability';
import type { CalendarSummary, PublicView } from '../../core/status';
import { SHOW_AS, type ShowAs } from '../../core/show-as';
import type { CallState } from '../../core/wire/reports';

/**
 * The part of `GET /api/v1/s/{id}` the widget draws (relay-api.md, "Resolved status"): core's
 * public view, flattened to the person's name, with absent details as null.
 */
export type ShareView = Pick<PublicView, 'availability' | 'activity' | 'label' | 'since' | 'stale' | 'updatedAt'> & {
  displayName: string;
  call: CallState | null;
  calendar: CalendarSummary | null;
  message: string | null;
};

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

type Json = Record<string, unknown>;

class Invalid extends Error {}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function text(o: Json, key: string, max: number): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length === 0 || v.length > max) throw new Invalid(`${key} must be a string of 1..${max} characters`);
  return v;
}

function time(o: Json, key: string): string {
  const v = text(o, key, 40);
  if (Number.isNaN(Date.parse(v))) throw new Invalid(`${key} must be an ISO 8601 time`);
  return v;
}

function optionalTime(o: Json, key: string): string | null {
  return o[key] == null ? null : time(o, key);
}

function flag(o: Json, key: string): boolean | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new Invalid(`call.${key} must be true or false`);
  return v;
}

function callView(v: unknown): CallState | null {
  if (v == null) return null;
  if (!isObject(v) || typeof v.inCall !== 'boolean') throw new Invalid('call must be an object with inCall');
  const call: CallState = { inCall: v.inCall };
  for (const key of ['muted', 'camera', 'handRaised', 'sharing', 'recording'] as const) {
    const f = flag(v, key);
    if (f !== undefined) call[key] = f;
  }
  return call;
}

function showAs(o: Json): ShowAs {
  const v = text(o, 'showAs', 40);
  // A kind of block this version does not know is still a block of time.
  return (SHOW_AS as readonly string[]).includes(v) ? (v as ShowAs) : 'busy';
}

function calendarView(v: unknown): CalendarSummary | null {
  if (v == null) return null;
  if (!isObject(v)) throw new Invalid('calendar must be an object');
  const next = v.next;
  if (next != null && !isObject(next)) throw new Invalid('calendar.next must be an object');
  return {
    busyUntil: optionalTime(v, 'busyUntil'),
    next: next == null ? null : { start: time(next, 'start'), end: time(next, 'end'), showAs: showAs(next) },
  };
}

/**
 * Hand checks of the relay's answer (no zod here: the script must stay small). Anything the
 * widget draws is checked; an availability this version does not know reads as Unknown.
 */
export function parseShareView(json: unknown): Parsed<ShareView> {
  try {
    if (!isObject(json)) throw new Invalid('the answer must be a JSON object');
    if (!isObject(json.user)) throw new Invalid('user must be an object');
    const availability = (AVAILABILITIES as readonly string[]).includes(text(json, 'availability', 40))
      ? (json.availability as Availability)
      : 'Unknown';
    if (typeof json.stale !== 'boolean') throw new Invalid('stale must be true or false');
    const message = json.message;
    if (message != null && (typeof message !== 'string' || message.length > 280)) throw new Invalid('message must be a string of at most 280 characters');
    return {
      ok: true,
      value: {
        displayName: text(json.user, 'displayName', 80),
        availability,
        activity: text(json, 'activity', 60),
        label: text(json, 'label', 80),
        since: time(json, 'since'),
        stale: json.stale,
        updatedAt: time(json, 'updatedAt'),
        call: callView(json.call),
        calendar: calendarView(json.calendar),
        message: typeof message === 'string' && message.length > 0 ? message : null,
      },
    };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, error: e.message };
    throw e;
  }
}
