import type { CalendarEvent, CalendarReport, ShowAs } from '../../../core';

/** Which block wins when items overlap: out of office over busy over tentative over elsewhere. */
const RANK: Record<ShowAs, number> = { free: 0, workingElsewhere: 1, tentative: 2, busy: 3, oof: 4 };
const BY_LOWER: Record<string, ShowAs> = { free: 'free', tentative: 'tentative', busy: 'busy', oof: 'oof', workingelsewhere: 'workingElsewhere' };

interface Item {
  start: number;
  end: number;
  showAs: ShowAs;
}

interface GraphTime {
  dateTime?: unknown;
  timeZone?: unknown;
}

/** Graph writes `2026-11-25T10:00:00.0000000` plus a zone; we ask for UTC, so read UTC. */
function utcMs(t: GraphTime | undefined): number | null {
  if (typeof t?.dateTime !== 'string') return null;
  if (typeof t.timeZone === 'string' && !/^(utc|etc\/utc|gmt)$/i.test(t.timeZone)) return null;
  const ms = Date.parse(`${t.dateTime.replace(/Z$/i, '').slice(0, 23)}Z`);
  return Number.isFinite(ms) ? ms : null;
}

/** The `value[0].scheduleItems` of a getSchedule answer as blocks; status is read case-insensitively. */
export function scheduleItems(body: unknown): { items: Item[]; error: string | null } {
  const first = (body as { value?: { scheduleItems?: unknown; error?: { message?: unknown } | null }[] } | null)?.value?.[0];
  if (!first) return { items: [], error: 'Microsoft Graph returned no schedule.' };
  if (first.error) return { items: [], error: `Microsoft Graph could not read your calendar: ${String(first.error.message ?? 'unknown error')}` };
  const raw = Array.isArray(first.scheduleItems) ? (first.scheduleItems as { status?: unknown; start?: GraphTime; end?: GraphTime }[]) : [];
  const items: Item[] = [];
  for (const r of raw) {
    const showAs = typeof r.status === 'string' ? BY_LOWER[r.status.toLowerCase()] : undefined;
    const start = utcMs(r.start);
    const end = utcMs(r.end);
    if (showAs && showAs !== 'free' && start !== null && end !== null && end > start) items.push({ start, end, showAs });
  }
  return { items: items.sort((a, b) => a.start - b.start), error: null };
}

const toEvent = (i: Item): CalendarEvent => ({ start: new Date(i.start).toISOString(), end: new Date(i.end).toISOString(), showAs: i.showAs });

/**
 * The block you are in now (back-to-back items of the same kind join, so "Busy until" names
 * the real end) and the next one after it.
 */
export function toCalendarReport(items: Item[], nowMs: number): CalendarReport {
  const now = items.filter((i) => i.start <= nowMs && i.end > nowMs).sort((a, b) => RANK[b.showAs] - RANK[a.showAs] || b.end - a.end)[0];
  const current: Item | null = now ? { ...now } : null;
  if (current) {
    for (let grew = true; grew; ) {
      grew = false;
      for (const i of items) {
        if (i.showAs === current.showAs && i.start <= current.end && i.end > current.end) {
          current.end = i.end;
          grew = true;
        }
      }
    }
  }
  const after = current?.end ?? nowMs;
  const next = items.find((i) => i.start >= after) ?? null;
  return { observedAt: new Date(nowMs).toISOString(), current: current ? toEvent(current) : null, next: next ? toEvent(next) : null };
}

/** When the report next turns over: the end of the current block or the start of the next. */
export function nextBoundary(report: CalendarReport): number | null {
  const times = [report.current?.end, report.next?.start].filter((t): t is string => typeof t === 'string').map(Date.parse);
  return times.length ? Math.min(...times) : null;
}
