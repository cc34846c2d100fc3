const MINUTE = 60_000;

/** The person's local calendar day as YYYY-MM-DD (what `getTimeline` expects). */
export function localDay(nowMs: number): string {
  const d = new Date(nowMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Local midnight that starts the day containing `nowMs`. */
export function startOfLocalDay(nowMs: number): number {
  const d = new Date(nowMs);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/**
 * The next instant the local clock shows `hhmm` ("15:30"): today if still ahead, else
 * tomorrow, because "busy until 09:00" said in the evening means tomorrow morning.
 */
export function nextClockTime(hhmm: string, nowMs: number): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!match) return null;
  const h = Number(match[1]);
  const m = Number(match[2]);
  if (h > 23 || m > 59) return null;
  const d = new Date(nowMs);
  d.setHours(h, m, 0, 0);
  if (d.getTime() <= nowMs) d.setDate(d.getDate() + 1);
  return d.getTime();
}

/** A sensible default for the "until" picker: the first whole hour at least 30 min away. */
export function defaultUntilInput(nowMs: number): string {
  const d = new Date(nowMs + 30 * MINUTE);
  if (d.getMinutes() !== 0 || d.getSeconds() !== 0) d.setHours(d.getHours() + 1, 0, 0, 0);
  return `${String(d.getHours()).padStart(2, '0')}:00`;
}
