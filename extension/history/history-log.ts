import type { HistoryEntry } from '../../core';
import type { ExtensionDb, HistoryRow } from '../platform/db';

const RETENTION_MS = 30 * 24 * 60 * 60_000;

/** The resolved changes of the last 30 days, for the popup's timeline. */
export function createHistoryLog(db: ExtensionDb) {
  return {
    async record(entry: HistoryEntry, label: string): Promise<void> {
      const row: HistoryRow = { at: entry.at, availability: entry.availability, activity: entry.activity, inCall: entry.inCall, label };
      await db.historyAdd(row);
    },
    async prune(nowMs: number): Promise<void> {
      await db.historyPrune(new Date(nowMs - RETENTION_MS).toISOString());
    },
    /** The rows inside [from, to) plus the one in force at `from`. */
    async window(fromMs: number, toMs: number): Promise<{ before: HistoryRow | undefined; rows: HistoryRow[] }> {
      const from = new Date(fromMs).toISOString();
      const [before, rows] = await Promise.all([db.historyLastBefore(from), db.historyRange(from, new Date(toMs).toISOString())]);
      return { before, rows };
    },
  };
}

export type HistoryLog = ReturnType<typeof createHistoryLog>;
