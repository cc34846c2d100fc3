import type { HistoryEntry } from '../../core';

/** Entries with from ≤ at ≤ to, oldest first (appends from skewed clocks may arrive out of order). */
export function inRange(entries: readonly HistoryEntry[], fromMs: number, toMs: number): HistoryEntry[] {
  return entries
    .map((e) => ({ e, at: Date.parse(e.at) }))
    .filter(({ at }) => at >= fromMs && at <= toMs)
    .sort((x, y) => x.at - y.at)
    .map(({ e }) => e);
}
