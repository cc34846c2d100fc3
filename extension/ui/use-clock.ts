import { clockTime, pickedTime, type ClockStyle } from '../../core';
import { useUiEnv } from './ui-env';

/**
 * The one way a page writes a clock time: the browser's locale and zone, so "Since 05:00 PM",
 * "Until 05:00 PM" and the time picker's own "05:00 PM" agree.
 */
export function useClock(): { at: (iso: string, nowMs: number) => string; picked: (hhmm: string) => string; style: ClockStyle } {
  const { timeZone, locale } = useUiEnv();
  const style: ClockStyle = locale === undefined ? { timeZone } : { timeZone, locale };
  return { at: (iso, nowMs) => clockTime(iso, nowMs, style), picked: (hhmm) => pickedTime(hhmm, style), style };
}
