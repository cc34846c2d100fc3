import { isTimeZone } from '../../core';

/**
 * Time-zone arithmetic for working hours. Graph names a mailbox's working-hours zone either in
 * IANA form or (usually) by its Windows name; the common Windows names are mapped here, and an
 * unknown name falls back to the round's zone rather than failing the person.
 */
const WINDOWS_ZONES: Record<string, string> = {
  'utc': 'UTC',
  'coordinated universal time': 'UTC',
  'gmt standard time': 'Europe/London',
  'greenwich standard time': 'Atlantic/Reykjavik',
  'w. europe standard time': 'Europe/Berlin',
  'romance standard time': 'Europe/Paris',
  'central europe standard time': 'Europe/Budapest',
  'central european standard time': 'Europe/Warsaw',
  'e. europe standard time': 'Europe/Chisinau',
  'fle standard time': 'Europe/Kiev',
  'gtb standard time': 'Europe/Bucharest',
  'russian standard time': 'Europe/Moscow',
  'turkey standard time': 'Europe/Istanbul',
  'israel standard time': 'Asia/Jerusalem',
  'arabian standard time': 'Asia/Dubai',
  'india standard time': 'Asia/Kolkata',
  'china standard time': 'Asia/Shanghai',
  'singapore standard time': 'Asia/Singapore',
  'tokyo standard time': 'Asia/Tokyo',
  'korea standard time': 'Asia/Seoul',
  'aus eastern standard time': 'Australia/Sydney',
  'new zealand standard time': 'Pacific/Auckland',
  'eastern standard time': 'America/New_York',
  'central standard time': 'America/Chicago',
  'mountain standard time': 'America/Denver',
  'us mountain standard time': 'America/Phoenix',
  'pacific standard time': 'America/Los_Angeles',
  'alaskan standard time': 'America/Anchorage',
  'hawaiian standard time': 'Pacific/Honolulu',
  'atlantic standard time': 'America/Halifax',
  'e. south america standard time': 'America/Sao_Paulo',
  'sa pacific standard time': 'America/Bogota',
  'south africa standard time': 'Africa/Johannesburg',
};

/** An IANA zone for a name from Graph (IANA or Windows), or `fallback`. */
export function ianaZone(name: string | undefined, fallback: string): string {
  if (!name) return fallback;
  const mapped = WINDOWS_ZONES[name.trim().toLowerCase()];
  if (mapped) return mapped;
  return isTimeZone(name) ? name : fallback;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', weekday: 'long' });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall clock in `zone` at `ms`. */
export function wallClock(ms: number, zone: string): { date: string; weekday: string; minutes: number; offsetMs: number } {
  const parts = Object.fromEntries(formatter(zone).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, weekday: String(parts.weekday).toLowerCase(), minutes: Number(parts.hour) * 60 + Number(parts.minute), offsetMs: asUtc - Math.floor(ms / 1000) * 1000 };
}

/** The instant when the wall clock in `zone` shows `date` (YYYY-MM-DD) at `minutes` past midnight (DST gaps move forward). */
export function instantOf(date: string, minutes: number, zone: string): number {
  const guess = Date.parse(`${date}T00:00:00Z`) + minutes * 60_000;
  let ms = guess - wallClock(guess, zone).offsetMs;
  // Once more at the answer: the offset may differ there (a DST change between guess and answer).
  ms = guess - wallClock(ms, zone).offsetMs;
  return ms;
}
