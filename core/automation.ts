import type { CalendarEvent } from './wire/reports';

/**
 * A person's say over what the relay's jobs do to their status (relay-api.md, "Person
 * controls"), kept with their status record.
 */
export interface Automation {
  /** "Take the wheel": the calendar does not drive the status before this time (null: it does). */
  calendarPausedUntil: string | null;
  /**
   * Calendar blocks the person overrode — set or cleared a manual status while one was under
   * way — as `start/end` keys. Such a block is not applied again when the next sync reports it.
   */
  overridden: string[];
}

export const NO_AUTOMATION: Automation = { calendarPausedUntil: null, overridden: [] };

export const eventKey = (e: Pick<CalendarEvent, 'start' | 'end'>) => `${e.start}/${e.end}`;

export function calendarPaused(a: Automation | undefined, nowMs: number): boolean {
  return !!a?.calendarPausedUntil && Date.parse(a.calendarPausedUntil) > nowMs;
}

/** Overrides of blocks that have ended mean nothing any more: keep the list short. */
export function pruneOverrides(a: Automation, nowMs: number): Automation {
  const overridden = a.overridden.filter((k) => Date.parse(k.split('/')[1] ?? '') > nowMs);
  return overridden.length === a.overridden.length ? a : { ...a, overridden };
}
