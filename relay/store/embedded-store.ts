import { mkdir } from 'node:fs/promises';
import { applyReport, crossEdges, forgetSource, setAutomation, type AnyReport, type ApplyResult, type HistoryEntry, type SourceName, type StatusRecord } from '../../core';
import { JournalWriter } from './embedded-journal';
import { EmbeddedNotify } from './embedded-notify';
import { lockDataDir } from './embedded-lock';
import * as mutations from './embedded-mutations';
import { recover } from './embedded-recovery';
import { EmbeddedState } from './embedded-state';
import { EmbeddedLeases } from './embedded-leases';
import { EventHub } from './event-hub';
import { inRange } from './history-range';
import { MemoryRateLimiter } from './memory-rate-limiter';
import { checkPage } from './page-bounds';
import { byId } from './document-order';
import { byEmail } from './roster-order';
import { storePlace } from './store-place';
import { StoreUnavailableError, type AuthRequest, type Authorised, type DocumentKind, type Fence, type MqttOutputRecord, type RateLimitResult, type ShareChange, type SlidingWindow, type Store, type StoredDocument, type StoreEvent, type TransientEvent, type UserRecord, type UserWrite } from './store';

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
  /** Compact right after a deletion, so the person is gone from the disk too (the relay does; default off). */
  compactAfterDelete?: boolean;
}

/**
 * State in memory, every acknowledged mutation in an fsynced journal (group commit) replayed
 * at open, and a snapshot rewritten atomically at open, at close and when the journal grows.
 */
export class EmbeddedStore implements Store {
  private readonly hub: EventHub;
  private readonly limiter: MemoryRateLimiter;
  private closed = false;
  private compacting = false;
  private reportedBroken = false;
  private readonly leases: EmbeddedLeases;
  readonly notify: EmbeddedNotify;
  readonly place = storePlace({ redisUrl: null, redisCluster: null });

  private constructor(
    private readonly state: EmbeddedState,
    private readonly writer: JournalWriter,
    private readonly unlock: () => void,
    private readonly options: EmbeddedStoreOptions & { log: (msg: string) => void; now: () => number },
  ) {
    this.hub = new EventHub(options.log);
    this.limiter = new MemoryRateLimiter(options.now);
    this.leases = new EmbeddedLeases(options.now);
    const journalled: ConstructorParameters<typeof EmbeddedNotify>[1] = (task) =>
      this.mutate(() => {
        const { value, ops } = task(state.notify);
        return ops.length > 0 ? { value, entry: { n: state.lastN + 1, op: 'notify', ops } } : { value };
      });
    this.notify = new EmbeddedNotify(state.notify, journalled, (task) => this.usable(task), options.now);
  }

  static async open(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
    const log = options.log ?? ((msg: string) => process.stderr.write(`${msg}\n`));
    const now = options.now ?? Date.now;
    await mkdir(options.dataDir, { recursive: true });
    const unlock = lockDataDir(options.dataDir);
    try {
      const { snapshot, entries } = await recover(options.dataDir, log);
      const state = new EmbeddedState(options.historyDays);
      if (snapshot) state.load(snapshot);
      for (const entry of entries) state.apply(entry);
      state.pruneAll(now());
      const writer = await JournalWriter.open(options.dataDir);
      // Compacting at open also cuts off a torn last line before anything is appended after it.
      await writer.snapshot(() => JSON.stringify(state.toSnapshot())).catch(async (err: unknown) => {
        await writer.close().catch(() => {});
        throw err;
      });
      return new EmbeddedStore(state, writer, unlock, { ...options, log, now });
    } catch (err) {
      unlock();
      throw err;
    }
  }

  createUser(user: UserRecord): Promise<void> {
    return this.mutate(() => mutations.createUser(this.state, user));
  }

  getUser = (userId: string): Promise<UserRecord | null> => this.usable(() => this.userCopy(userId));
  getUserByShareId = (shareId: string): Promise<UserRecord | null> => this.usable(() => this.userCopy(this.state.shares.get(shareId)));

  async listUsers(offset: number, limit: number): Promise<UserRecord[]> {
    this.assertUsable();
    checkPage(offset, limit);
    return this.state
      .orderedUsers()
      .slice(offset, offset + limit)
      .map((u) => ({ ...u }));
  }

  countUsers = (): Promise<number> => this.usable(() => this.state.users.size);

  async listRoster(): Promise<UserRecord[]> {
    this.assertUsable();
    const users: UserRecord[] = [];
    for (const id of this.state.rosterEmails.values()) {
      const user = this.state.users.get(id);
      if (user) users.push({ ...user });
    }
    return users.sort(byEmail);
  }

  getRosterEntry = (email: string): Promise<UserRecord | null> => this.usable(() => this.userCopy(this.state.rosterEmails.get(email.toLowerCase())));

  writeUsers(writes: readonly UserWrite[]): Promise<number[]> {
    return this.mutate(() => mutations.writeUsers(this.state, writes));
  }

  applyReport = (userId: string, source: SourceName, report: AnyReport, nowMs: number, fence?: Fence): Promise<ApplyResult> =>
    this.changeStatus(userId, nowMs, (record, tz) => applyReport(record, source, report, nowMs, tz), fence);
  forgetSource = (userId: string, source: SourceName, nowMs: number): Promise<ApplyResult> => this.changeStatus(userId, nowMs, (record, tz) => forgetSource(record, source, nowMs, tz));
  crossEdges = (userId: string, nowMs: number): Promise<ApplyResult> => this.changeStatus(userId, nowMs, (record, tz) => crossEdges(record, nowMs, tz));

  changeAutomation(userId: string, change: { calendarPausedUntil?: string | null }, nowMs: number): Promise<ApplyResult> {
    return this.changeStatus(userId, nowMs, (record, tz) => setAutomation(record, change, nowMs, tz));
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
    return this.mutate(() => mutations.updateShare(this.state, userId, change));
  }

  async deleteUser(userId: string): Promise<boolean> {
    const deleted = await this.mutate(() => mutations.deleteUser(this.state, userId));
    // "Gone" includes the disk: compact now rather than keep their email and history in the
    // journal until the next routine compaction, maybe thousands of writes away.
    if (deleted && this.options.compactAfterDelete && !this.writer.broken) {
      await this.writer.snapshot(() => this.capture()).catch((err: unknown) => this.options.log(`store: compaction after a deletion failed: ${String(err)}`));
    }
    return deleted;
  }

  async history(userId: string, fromMs: number, toMs: number): Promise<HistoryEntry[]> {
    this.assertUsable();
    // Pruning happens on writes; an idle person's old entries are cut off here.
    fromMs = Math.max(fromMs, this.options.now() - this.options.historyDays * 86_400_000);
    return inRange(this.state.histories.get(userId) ?? [], fromMs, toMs).map((e) => ({ ...e }));
  }

  async authorise({ userId, tokenHash, limits, personLimit }: AuthRequest): Promise<Authorised> {
    this.assertUsable();
    const counted = limits.map((l) => this.limiter.hit(l.key, l.limit, l.windowMs));
    const user = this.state.users.get(userId);
    const mine = user !== undefined && tokenHash !== '' && user.tokenHash === tokenHash;
    const person = mine ? this.limiter.hit(`token:${userId}`, personLimit.limit, personLimit.windowMs) : null;
    return { user: user ? { ...user } : null, limits: counted, personLimit: person, prior: null };
  }

  rateLimit = (key: string, limit: number, windowMs: number): Promise<RateLimitResult> => this.usable(() => this.limiter.hit(key, limit, windowMs));
  slidingLimit = (key: string, windows: readonly SlidingWindow[]): Promise<RateLimitResult> => this.usable(() => this.limiter.slide(key, windows));

  // Leases and job state live in memory beside the data (embedded-leases.ts).
  acquireLease = (name: string, holder: string, ttlMs: number) => this.usable(() => this.leases.acquire(name, holder, ttlMs));
  readLease = (name: string) => this.usable(() => this.leases.read(name));
  releaseLease = (name: string, holder: string) => this.usable(() => this.leases.release(name, holder));
  getJobState = (name: string) => this.usable(() => this.leases.getJobState(name));
  setJobState = (name: string, value: string, fence: Fence) => this.usable(() => this.leases.setJobState(name, value, fence));

  setMqttOutput(userId: string, name: string | null): Promise<void> {
    return this.mutate(() => mutations.setMqttOutput(this.state, userId, name));
  }

  getMqttOutput = (userId: string): Promise<MqttOutputRecord | null> => this.usable(() => ((name) => (name === undefined ? null : { userId, name }))(this.state.mqtt.get(userId)));

  listMqttOutputs = (): Promise<MqttOutputRecord[]> => this.usable(() => [...this.state.mqtt].map(([userId, name]) => ({ userId, name })));

  // Listeners run after the caller's turn, as they would after a Redis round trip.
  broadcast = (event: TransientEvent): Promise<void> => this.usable(() => queueMicrotask(() => this.hub.emit(structuredClone(event))));

  getDocument = (kind: DocumentKind, id: string): Promise<string | null> => this.usable(() => this.state.documents.get(kind)?.get(id) ?? null);
  listDocuments = (kind: DocumentKind): Promise<StoredDocument[]> => this.usable(() => [...(this.state.documents.get(kind) ?? [])].map(([id, value]) => ({ id, value })).sort(byId));

  readonly putDocument = (kind: DocumentKind, id: string, value: string): Promise<void> => this.mutate(() => mutations.putDocument(this.state, kind, id, value));
  readonly takeDocument = (kind: DocumentKind, id: string): Promise<string | null> => this.mutate(() => mutations.takeDocument(this.state, kind, id));

  subscribe(listener: (event: StoreEvent) => void): () => void {
    return this.hub.subscribe(listener);
  }

  /** Events are delivered in-process, synchronously with the write: the feed never breaks. */
  onResync(): () => void {
    return () => {};
  }

  ping = (): Promise<void> => this.usable(() => undefined);

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      // The final snapshot also covers writes still waiting for their fsync.
      if (!this.writer.broken) await this.writer.snapshot(() => this.capture());
    } finally {
      try {
        await this.writer.close();
      } finally {
        this.unlock();
        this.hub.clear();
      }
    }
  }

  private changeStatus(userId: string, nowMs: number, change: mutations.StatusChange, fence?: Fence): Promise<ApplyResult> {
    return this.mutate(() => {
      this.leases.check(fence);
      return mutations.changeStatus(this.state, userId, nowMs, change);
    });
  }

  /**
   * Check, compute and apply in memory in one synchronous step — nothing else can run in
   * between, so every mutation is atomic without a lock — then answer and tell subscribers
   * only once the journal line is on disk. Reads may see a change up to one fsync before it
   * is acknowledged (as with Redis's appendfsync always); a failed write makes the store
   * unavailable until a restart replays what reached the disk.
   */
  private async mutate<T>(task: () => mutations.Mutation<T>): Promise<T> {
    this.assertUsable();
    const { value, entry, events = [] } = task();
    if (entry) {
      const durable = this.writer.append(entry);
      this.state.apply(entry);
      this.maybeCompact();
      try {
        await durable;
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        // Once, when the journal breaks (a full disk, a failing device): the operator must know.
        if (!this.reportedBroken) this.options.log(`store: ${reason}; every request answers 503 until the relay restarts`);
        this.reportedBroken = true;
        throw new StoreUnavailableError(`the journal could not be written: ${reason}`, { cause: err });
      }
    }
    for (const event of events) this.hub.emit(structuredClone(event));
    return value;
  }

  private maybeCompact(): void {
    const { compactAfterEntries = 10_000, compactAfterBytes = 16 * 1024 * 1024 } = this.options;
    if (this.compacting || (this.writer.entriesSinceSnapshot < compactAfterEntries && this.writer.size < compactAfterBytes)) return;
    this.compacting = true;
    this.writer
      .snapshot(() => this.capture())
      // The journal still holds everything; compaction is tried again after the next write.
      .catch((err: unknown) => this.options.log(`store: compaction failed, the journal keeps growing: ${String(err)}`))
      .finally(() => {
        this.compacting = false;
      });
  }

  private capture(): string {
    this.state.pruneAll(this.options.now());
    return JSON.stringify(this.state.toSnapshot());
  }

  private userCopy(userId: string | undefined): UserRecord | null {
    const user = userId === undefined ? undefined : this.state.users.get(userId);
    return user ? { ...user } : null;
  }

  private async usable<T>(task: () => T): Promise<T> {
    this.assertUsable();
    return task();
  }

  private assertUsable(): void {
    if (this.closed) throw new StoreUnavailableError('the store is closed');
    if (this.writer.broken) throw new StoreUnavailableError('the journal could not be written; restart to recover');
  }
}
