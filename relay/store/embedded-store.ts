import { applyReport, emptyRecord, forgetSource, type AnyReport, type ApplyResult, type HistoryEntry, type SourceName, type StatusRecord } from '../../core';
import { recover, JournalWriter } from './embedded-journal';
import { EmbeddedState, type JournalEntry } from './embedded-state';
import { EventHub } from './event-hub';
import { MemoryRateLimiter } from './memory-rate-limiter';
import { SerialQueue } from './serial-queue';
import { checkPage, shareRevokedEvent, statusEvent, userDeletedEvent } from './store-events';
import {
  StoreConflictError,
  StoreUnavailableError,
  UnknownUserError,
  type RateLimitResult,
  type ShareChange,
  type Store,
  type StoreEvent,
  type UserRecord,
} from './store';

/** Configuration of the embedded store (a single relay without Redis). */
export interface EmbeddedStoreOptions {
  /** Directory for snapshot.json and journal.jsonl; created if missing. One relay per directory. */
  dataDir: string;
  /** History retention in days. */
  historyDays: number;
  log?: (msg: string) => void;
  /** Clock for rate-limit windows and pruning at compaction; defaults to Date.now. */
  now?: () => number;
  /** Compact the journal into a new snapshot after this many entries (default 10 000)… */
  compactAfterEntries?: number;
  /** …or once it is this many bytes (default 16 MiB). */
  compactAfterBytes?: number;
}

/**
 * State in memory, every acknowledged mutation in an fsynced journal replayed at open, and a
 * snapshot rewritten atomically at open, at close and when the journal grows. Mutations run one
 * at a time through a queue, so each is atomic; reads see only what is already on disk.
 */
export class EmbeddedStore implements Store {
  private readonly queue = new SerialQueue();
  private readonly hub: EventHub;
  private readonly limiter: MemoryRateLimiter;
  private closed = false;

  private constructor(
    private readonly state: EmbeddedState,
    private readonly writer: JournalWriter,
    private readonly options: EmbeddedStoreOptions & { log: (msg: string) => void; now: () => number },
  ) {
    this.hub = new EventHub(options.log);
    this.limiter = new MemoryRateLimiter(options.now);
  }

  static async open(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
    const log = options.log ?? ((msg: string) => process.stderr.write(`${msg}\n`));
    const now = options.now ?? Date.now;
    const { snapshot, entries } = await recover(options.dataDir, log);
    const state = new EmbeddedState(options.historyDays);
    if (snapshot) state.load(snapshot);
    for (const entry of entries) state.apply(entry);
    state.pruneAll(now());
    const writer = await JournalWriter.open(options.dataDir);
    // Compacting at open also cuts off a torn last line before anything is appended after it.
    await writer.writeSnapshot(state.toSnapshot());
    return new EmbeddedStore(state, writer, { ...options, log, now });
  }

  createUser(user: UserRecord): Promise<void> {
    return this.mutate(async () => {
      if (this.state.users.has(user.userId)) throw new StoreConflictError(`user ${user.userId} already exists`);
      if (this.state.shares.has(user.shareId)) throw new StoreConflictError('that share id is taken');
      await this.commit({ n: this.state.lastN + 1, op: 'user', user: { ...user } });
    });
  }

  async getUser(userId: string): Promise<UserRecord | null> {
    this.assertUsable();
    const user = this.state.users.get(userId);
    return user ? { ...user } : null;
  }

  async getUserByShareId(shareId: string): Promise<UserRecord | null> {
    this.assertUsable();
    const userId = this.state.shares.get(shareId);
    return userId === undefined ? null : this.getUser(userId);
  }

  async listUsers(offset: number, limit: number): Promise<UserRecord[]> {
    this.assertUsable();
    checkPage(offset, limit);
    return this.state
      .orderedUsers()
      .slice(offset, offset + limit)
      .map((u) => ({ ...u }));
  }

  async countUsers(): Promise<number> {
    this.assertUsable();
    return this.state.users.size;
  }

  applyReport(userId: string, source: SourceName, report: AnyReport, nowMs: number): Promise<ApplyResult> {
    return this.changeStatus(userId, nowMs, (record, tz) => applyReport(record, source, report, nowMs, tz));
  }

  forgetSource(userId: string, source: SourceName, nowMs: number): Promise<ApplyResult> {
    return this.changeStatus(userId, nowMs, (record, tz) => forgetSource(record, source, nowMs, tz));
  }

  async getStatusRecord(userId: string): Promise<StatusRecord | null> {
    this.assertUsable();
    const record = this.state.statuses.get(userId);
    return record ? structuredClone(record) : null;
  }

  async getStatusRecords(userIds: readonly string[]): Promise<(StatusRecord | null)[]> {
    this.assertUsable();
    return userIds.map((id) => {
      const record = this.state.statuses.get(id);
      return record ? structuredClone(record) : null;
    });
  }

  updateShare(userId: string, change: ShareChange): Promise<UserRecord> {
    return this.mutate(async () => {
      const user = this.requireUser(userId);
      const rotate = change.newShareId !== undefined && change.newShareId !== user.shareId;
      if (rotate && this.state.shares.has(change.newShareId!)) throw new StoreConflictError('that share id is taken');
      const next: UserRecord = { ...user, shareLevel: change.level ?? user.shareLevel, shareId: rotate ? change.newShareId! : user.shareId };
      if (!rotate && next.shareLevel === user.shareLevel) return { ...user };
      await this.commit({ n: this.state.lastN + 1, op: 'user', user: next });
      if (rotate) this.emit(shareRevokedEvent(userId, user.shareId));
      const record = this.state.statuses.get(userId);
      if (record && next.shareLevel !== user.shareLevel) this.emit(statusEvent(next, record));
      return { ...next };
    });
  }

  deleteUser(userId: string): Promise<boolean> {
    return this.mutate(async () => {
      const user = this.state.users.get(userId);
      if (!user) return false;
      await this.commit({ n: this.state.lastN + 1, op: 'delete', userId });
      this.emit(userDeletedEvent(user));
      return true;
    });
  }

  async history(userId: string, fromMs: number, toMs: number): Promise<HistoryEntry[]> {
    this.assertUsable();
    // Pruning happens on writes; an idle person's old entries are cut off here.
    fromMs = Math.max(fromMs, this.options.now() - this.options.historyDays * 86_400_000);
    const entries = this.state.histories.get(userId) ?? [];
    return entries.filter((e) => {
      const at = Date.parse(e.at);
      return at >= fromMs && at <= toMs;
    }).map((e) => ({ ...e }));
  }

  async rateLimit(key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
    this.assertUsable();
    return this.limiter.hit(key, limit, windowMs);
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    return this.hub.subscribe(listener);
  }

  async ping(): Promise<void> {
    this.assertUsable();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.drain();
    try {
      if (!this.writer.broken) {
        this.state.pruneAll(this.options.now());
        await this.writer.writeSnapshot(this.state.toSnapshot());
      }
    } finally {
      await this.writer.close();
      this.hub.clear();
    }
  }

  private changeStatus(
    userId: string,
    nowMs: number,
    change: (record: StatusRecord, timeZone: string | undefined) => ApplyResult,
  ): Promise<ApplyResult> {
    return this.mutate(async () => {
      const user = this.requireUser(userId);
      const result = change(this.state.statuses.get(userId) ?? emptyRecord(nowMs), user.timeZone ?? undefined);
      if (!result.applied) return structuredClone(result);
      await this.commit({ n: this.state.lastN + 1, op: 'status', userId, record: result.record, history: result.history });
      this.emit(statusEvent(user, result.record));
      return structuredClone(result);
    });
  }

  private requireUser(userId: string): UserRecord {
    const user = this.state.users.get(userId);
    if (!user) throw new UnknownUserError(userId);
    return user;
  }

  /** Checked at enqueue time, so mutations queued before close() still finish before it. */
  private mutate<T>(task: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new StoreUnavailableError('the store is closed'));
    return this.queue.run(async () => {
      if (this.writer.broken) throw new StoreUnavailableError('the journal could not be repaired after a failed write');
      return task();
    });
  }

  /** Durable first, then visible: memory changes only after the journal line is on disk. */
  private async commit(entry: JournalEntry): Promise<void> {
    try {
      await this.writer.append(entry);
    } catch (err) {
      throw new StoreUnavailableError(`could not write the journal: ${String(err)}`, { cause: err });
    }
    this.state.apply(entry);
    const { compactAfterEntries = 10_000, compactAfterBytes = 16 * 1024 * 1024 } = this.options;
    if (this.writer.entriesSinceSnapshot >= compactAfterEntries || this.writer.size >= compactAfterBytes) {
      void this.queue.run(() => this.compact());
    }
  }

  private async compact(): Promise<void> {
    if (this.closed || this.writer.broken || this.writer.entriesSinceSnapshot === 0) return;
    try {
      this.state.pruneAll(this.options.now());
      await this.writer.writeSnapshot(this.state.toSnapshot());
    } catch (err) {
      // The journal still holds everything; compaction is retried after the next write.
      this.options.log(`store: compaction failed, the journal keeps growing: ${String(err)}`);
    }
  }

  private emit(event: StoreEvent): void {
    this.hub.emit(structuredClone(event));
  }

  private assertUsable(): void {
    if (this.closed) throw new StoreUnavailableError('the store is closed');
    if (this.writer.broken) throw new StoreUnavailableError('the journal could not be repaired after a failed write');
  }
}
