import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Availability, SourceName } from '../../core';
import type { AnyReport } from '../../core';

/** One report waiting for the relay. `seq` (auto-increment) is the order they are sent in. */
export interface OutboxEntry {
  seq?: number;
  /** Idempotency key: sent with the request and kept for the record and logs. */
  key: string;
  source: SourceName;
  /** put: publish `report`; delete: forget the source at the relay. */
  op: 'put' | 'delete';
  report: AnyReport | null;
  queuedAt: string;
  attempts: number;
  lastError: string | null;
}

/** One change of the resolved status, for today's timeline. */
export interface HistoryRow {
  at: string;
  availability: Availability;
  activity: string;
  inCall: boolean;
  label: string;
}

interface ExtensionSchema extends DBSchema {
  outbox: { key: number; value: OutboxEntry; indexes: { bySource: SourceName } };
  history: { key: string; value: HistoryRow };
}

export const DB_NAME = 'teams-status';

/** The extension's IndexedDB: the outbox and the history of resolved changes. */
export interface ExtensionDb {
  outboxAdd(entry: OutboxEntry): Promise<number>;
  outboxPut(entry: OutboxEntry & { seq: number }): Promise<void>;
  outboxHead(): Promise<(OutboxEntry & { seq: number }) | undefined>;
  outboxLastFor(source: SourceName): Promise<(OutboxEntry & { seq: number }) | undefined>;
  outboxDelete(seq: number): Promise<void>;
  outboxCount(): Promise<number>;
  outboxAll(): Promise<(OutboxEntry & { seq: number })[]>;
  outboxClear(): Promise<void>;
  historyAdd(row: HistoryRow): Promise<void>;
  /** Rows with from ≤ at < to, oldest first. */
  historyRange(from: string, to: string): Promise<HistoryRow[]>;
  /** The newest row before `before`, to know the state a day starts in. */
  historyLastBefore(before: string): Promise<HistoryRow | undefined>;
  historyPrune(before: string): Promise<void>;
  close(): void;
}

type Db = IDBPDatabase<ExtensionSchema>;
const withSeq = (e: OutboxEntry | undefined) => e as (OutboxEntry & { seq: number }) | undefined;

export async function openExtensionDb(name = DB_NAME): Promise<ExtensionDb> {
  const db: Db = await openDB<ExtensionSchema>(name, 1, {
    upgrade(d) {
      const outbox = d.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
      outbox.createIndex('bySource', 'source');
      d.createObjectStore('history', { keyPath: 'at' });
    },
  });
  return {
    async outboxAdd(entry) {
      const { seq: _ignored, ...rest } = entry;
      return db.add('outbox', rest as OutboxEntry);
    },
    async outboxPut(entry) {
      await db.put('outbox', entry);
    },
    async outboxHead() {
      const cursor = await db.transaction('outbox').store.openCursor();
      return withSeq(cursor?.value);
    },
    async outboxLastFor(source) {
      const cursor = await db.transaction('outbox').store.index('bySource').openCursor(IDBKeyRange.only(source), 'prev');
      return withSeq(cursor?.value);
    },
    outboxDelete: (seq) => db.delete('outbox', seq),
    outboxCount: () => db.count('outbox'),
    outboxAll: async () => (await db.getAll('outbox')) as (OutboxEntry & { seq: number })[],
    outboxClear: () => db.clear('outbox'),
    async historyAdd(row) {
      await db.put('history', row);
    },
    historyRange: (from, to) => db.getAll('history', IDBKeyRange.bound(from, to, false, true)),
    async historyLastBefore(before) {
      const cursor = await db.transaction('history').store.openCursor(IDBKeyRange.upperBound(before, true), 'prev');
      return cursor?.value;
    },
    async historyPrune(before) {
      await db.delete('history', IDBKeyRange.upperBound(before, true));
    },
    close: () => db.close(),
  };
}

/** IndexedDB reports a full disk as QuotaExceededError (sometimes wrapped by the transaction). */
export function isQuotaError(err: unknown): boolean {
  const name = (err as { name?: string } | null)?.name;
  return name === 'QuotaExceededError' || (err as { inner?: { name?: string } } | null)?.inner?.name === 'QuotaExceededError';
}
