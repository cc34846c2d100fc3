import type { CalendarEvent, CalendarReport, ShowAs } from '../../../core';
import type { Occurrence } from './expand';

/** Which state shows when events overlap: out of office over busy over tentative over working elsewhere. */
const RANK: Record<ShowAs, number> = { free: 0, workingElsewhere: 1, tentative: 2, busy: 3, oof: 4 };

/** A stretch of time with one state; free time is the gaps between blocks. */
export interface Block {
  startMs: number;
  endMs: number;
  showAs: ShowAs;
}

/**
 * Flatten occurrences into non-overlapping blocks: each moment takes the highest-ranked state
 * of the events covering it, and touching stretches of the same state join, so back-to-back
 * meetings read "Busy until 11:00" rather than "until 10:00". Free events make no block.
 */
export function toBlocks(occurrences: readonly Occurrence[]): Block[] {
  const busy = occurrences.filter((o) => o.showAs !== 'free' && o.endMs > o.startMs);
  const cuts = [...new Set(busy.flatMap((o) => [o.startMs, o.endMs]))].sort((a, b) => a - b);
  const blocks: Block[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const startMs = cuts[i] as number;
    const endMs = cuts[i + 1] as number;
    let best: ShowAs | null = null;
    for (const o of busy) if (o.startMs <= startMs && o.endMs >= endMs && (!best || RANK[o.showAs] > RANK[best])) best = o.showAs;
    if (!best) continue;
    const last = blocks.at(-1);
    if (last && last.endMs === startMs && last.showAs === best) last.endMs = endMs;
    else blocks.push({ startMs, endMs, showAs: best });
  }
  return blocks;
}

function wire(b: Block): CalendarEvent {
  return { start: new Date(b.startMs).toISOString(), end: new Date(b.endMs).toISOString(), showAs: b.showAs };
}

/** The block under way now and the one after it, as the `calendar` report carries them. */
export function calendarReport(blocks: readonly Block[], nowMs: number, observedAt: string): CalendarReport {
  const current = blocks.find((b) => b.startMs <= nowMs && nowMs < b.endMs) ?? null;
  const next = blocks.find((b) => b.startMs > nowMs) ?? null;
  return { observedAt, current: current && wire(current), next: next && wire(next) };
}

/** The next instant a block starts or ends: the report changes then. */
export function nextBoundary(blocks: readonly Block[], nowMs: number): number | null {
  let soonest: number | null = null;
  for (const b of blocks) for (const t of [b.startMs, b.endMs]) if (t > nowMs && (soonest === null || t < soonest)) soonest = t;
  return soonest;
}
