import type { ResolvedStatus } from '../../core';
import type { ExtensionDb, HistoryRow } from '../platform/db';

const RETENTION_MS = 30 * 24 * 60 * 60_000;

/**
 * The resolved changes of the last 30 days, for the popup's timeline. A row is written when
 * availability, activity or the call changes, whether a report caused it or time did (a
 * sensor going stale, a manual status expiring).
 */
export function createHistoryLog(db: ExtensionDb) {
  let last: HistoryRow | null | undefined;
  return {
    async note(status: ResolvedStatus, nowMs: number): Promise<void> {
      const at = new Date(nowMs).toISOString();
      last ??= (await db.historyLastBefore('9999')) ?? null;
      const inCall = status.call?.inCall === true;
      if (last && last.availability === status.availability && last.activity === status.activity && last.inCall === inCall) return;
      const row: HistoryRow = { at, availability: status.availability, activity: status.activity, inCall, label: status.label };
      await db.historyAdd(row);
      last = row;
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
