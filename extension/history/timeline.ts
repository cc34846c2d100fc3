import type { HistoryRow } from '../platform/db';
import type { TimelineSegment } from '../shared/messages';

/** Local midnight to midnight of `day` (YYYY-MM-DD) in the worker's zone, or null if malformed. */
export function dayBounds(day: string): { startMs: number; endMs: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const start = new Date(y, mo - 1, d);
  if (start.getFullYear() !== y || start.getMonth() !== mo - 1 || start.getDate() !== d) return null;
  return { startMs: start.getTime(), endMs: new Date(y, mo - 1, d + 1).getTime() };
}

/**
 * Turn the changes of one day into segments from its start to its end (or now, for today).
 * Consecutive rows with the same availability and call state merge into one segment.
 */
export function buildTimeline(before: HistoryRow | undefined, rows: HistoryRow[], startMs: number, endMs: number): TimelineSegment[] {
  const points: { at: number; availability: HistoryRow['availability']; inCall: boolean }[] = [];
  if (before) points.push({ at: startMs, availability: before.availability, inCall: before.inCall });
  for (const row of rows) {
    const at = Date.parse(row.at);
    if (at < startMs || at >= endMs) continue;
    points.push({ at, availability: row.availability, inCall: row.inCall });
  }
  const segments: TimelineSegment[] = [];
  points.forEach((p, i) => {
    const end = points[i + 1]?.at ?? endMs;
    if (end <= p.at) return;
    const last = segments[segments.length - 1];
    if (last && last.availability === p.availability && last.inCall === p.inCall && Date.parse(last.end) === p.at) {
      last.end = new Date(end).toISOString();
      return;
    }
    segments.push({ start: new Date(p.at).toISOString(), end: new Date(end).toISOString(), availability: p.availability, inCall: p.inCall });
  });
  return segments;
}
