import type { HistoryEntry } from '../../core';

/** Entries with from ≤ at ≤ to, oldest first (appends from skewed clocks may arrive out of order). */
export function inRange(entries: readonly HistoryEntry[], fromMs: number, toMs: number): HistoryEntry[] {
  return entries
    .map((e) => ({ e, at: Date.parse(e.at) }))
    .filter(({ at }) => at >= fromMs && at <= toMs)
    .sort((x, y) => x.at - y.at)
    .map(({ e }) => e);
}

/** A history entry from its Redis stream fields (`at`, `availability`, `activity`, `inCall`). */
export function toHistoryEntry(fields: string[]): HistoryEntry {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i]!, fields[i + 1]!);
  return {
    at: map.get('at') ?? '',
    availability: (map.get('availability') ?? 'Unknown') as HistoryEntry['availability'],
    activity: map.get('activity') ?? 'Unknown',
    inCall: map.get('inCall') === '1',
  };
}
