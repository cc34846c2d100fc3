import type { CalendarEvent, CalendarReport, ShowAs } from '../../../core';

/** One `scheduleItems[]` entry of getSchedule (times in the zone the request asked for: UTC). */
export interface ScheduleItem {
  status?: string;
  start?: { dateTime?: string; timeZone?: string };
  end?: { dateTime?: string; timeZone?: string };
}

/** Which status shows when items overlap: out of office over busy over tentative over working elsewhere. */
const RANK: Record<ShowAs, number> = { free: 0, workingElsewhere: 1, tentative: 2, busy: 3, oof: 4 };

/** Graph's freeBusyStatus, whatever its case; `unknown` and anything new count as nothing. */
function showAsOf(status: string | undefined): ShowAs | null {
  const s = (status ?? '').toLowerCase();
  if (s === 'workingelsewhere') return 'workingElsewhere';
  return s === 'tentative' || s === 'busy' || s === 'oof' || s === 'free' ? s : null;
}

function utcMs(t: { dateTime?: string; timeZone?: string } | undefined): number {
  if (!t?.dateTime) return NaN;
  return Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(t.dateTime) ? t.dateTime : `${t.dateTime}Z`);
}

/**
 * A schedule as the blocks a person's status follows: overlapping items resolved by rank,
 * back-to-back items of the same kind joined (so two meetings 10–11 and 11–12 are one busy
 * block that ends at 12, and the next block is what follows it), free time dropped.
 */
export function scheduleBlocks(items: readonly ScheduleItem[]): CalendarEvent[] {
  const spans = items.flatMap((i) => {
    const showAs = showAsOf(i.status);
    const start = utcMs(i.start);
    const end = utcMs(i.end);
    return showAs && showAs !== 'free' && end > start ? [{ start, end, showAs }] : [];
  });
  const edges = [...new Set(spans.flatMap((s) => [s.start, s.end]))].sort((a, b) => a - b);
  const blocks: { start: number; end: number; showAs: ShowAs }[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const from = edges[i]!;
    const to = edges[i + 1]!;
    let top: ShowAs | null = null;
    for (const s of spans) if (s.start <= from && s.end >= to && (top === null || RANK[s.showAs] > RANK[top])) top = s.showAs;
    if (!top) continue;
    const last = blocks.at(-1);
    if (last && last.end === from && last.showAs === top) last.end = to;
    else blocks.push({ start: from, end: to, showAs: top });
  }
  return blocks.map((b) => ({ start: new Date(b.start).toISOString(), end: new Date(b.end).toISOString(), showAs: b.showAs }));
}

/** The `calendar` report at `nowMs`: the block under way (if any) and the one after it. */
export function calendarReport(items: readonly ScheduleItem[], nowMs: number): CalendarReport {
  const blocks = scheduleBlocks(items).filter((b) => Date.parse(b.end) > nowMs);
  const current = blocks[0] && Date.parse(blocks[0].start) <= nowMs ? blocks[0] : null;
  const next = blocks[current ? 1 : 0] ?? null;
  return { observedAt: new Date(nowMs).toISOString(), ...(current ? { current } : {}), ...(next ? { next } : {}) };
}
