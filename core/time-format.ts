/**
 * "11:00" when `iso` falls on the same day as `now` in `timeZone`, else "Fri 11:00".
 * 24-hour clock: labels are read at a glance, and it needs no AM/PM localisation.
 */
export function shortTime(iso: string, nowMs: number, timeZone = 'UTC'): string {
  const at = new Date(iso);
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone }).format(at);
  const day = (d: Date) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'short', timeZone }).format(d);
  if (day(at) === day(new Date(nowMs))) return time;
  const weekday = new Intl.DateTimeFormat('en-GB', { weekday: 'short', timeZone }).format(at);
  return `${weekday} ${time}`;
}
