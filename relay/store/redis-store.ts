import { applyReport, crossEdges, forgetSource, setAutomation, type AnyReport, type ApplyResult, type HistoryEntry, type SourceName, type StatusRecord } from '../../core';
import { Cluster } from 'ioredis';
import { EventHub } from './event-hub';
import { authoriseOn, limitResult } from './redis-authorise';
import { AofEraser } from './redis-erasure';
import { connectionOptions, describeTarget, dropIfHung, openConnection, toStoreError, type RedisTarget, type RedisTimeouts } from './redis-connection';
import { EVENTS_CHANNEL, keys } from './redis-keys';
import { redisDocuments } from './redis-documents';
import { defineScripts, type RedisClient, type ScriptRunner } from './redis-scripts';
import { RedisSideTables } from './redis-side-tables';
import { RedisSubscriber } from './redis-subscriber';
import { KeyedSerialQueue } from './serial-queue';
import { inRange, toHistoryEntry } from './history-range';
import { checkPage } from './page-bounds';
import { byEmail } from './roster-order';
import { RedisNotify } from './redis-notify';
import { RedisOutbox } from './redis-outbox';
import { RedisWrites, type StatusChange } from './redis-writes';
import { storePlace } from './store-place';
import { StoreUnavailableError, type AuthRequest, type Authorised, type DocumentKind, type Fence, type RateLimitResult, type ShareChange, type SlidingWindow, type StatusPrior, type Store, type StoredDocument, type StoreEvent, type TransientEvent, type UserRecord, type UserWrite } from './store';

const DAY_MS = 86_400_000;
/** Users read per round when reading many (the roster, a page of people). */
const READ_CHUNK = 1000;
/** How far a history id may run ahead of its entry's time. */
const CLOCK_SKEW_MS = 60_000;

/** Configuration of the Redis store (any number of relay replicas over one Redis). */
export interface RedisStoreOptions extends RedisTimeouts {
  /** One Redis (REDIS_URL)… */
  url?: string;
  /** …or a Redis Cluster's seed nodes, `host:port` (REDIS_CLUSTER_NODES), with its password if any. */
  clusterNodes?: readonly string[];
  clusterPassword?: string;
  historyDays: number;
  log?: (msg: string) => void;
  /** Clock for the read-side retention cut-off; defaults to Date.now. */
  now?: () => number;
  /** At most one AOF rewrite per this many ms after deletions (default 60 000; see redis-erasure.ts). */
  aofRewriteAfterDeleteMs?: number;
}

/**
 * Everything in Redis (layout in redis-keys.ts), writes as read → compute in TypeScript →
 * compare-and-set script (redis-scripts.ts), events over pub/sub to every replica. While Redis
 * is down every call rejects at once with StoreUnavailableError; both connections reconnect by
 * themselves when it returns.
 */
export class RedisStore implements Store {
  private readonly redis: RedisClient;
  private readonly sub: RedisClient;
  private readonly subscriber: RedisSubscriber;
  private readonly run: ScriptRunner;
  private readonly writes: RedisWrites;
  private readonly tables: RedisSideTables;
  readonly notify: RedisNotify;
  private readonly hub: EventHub;
  /** Same-user writes from this replica queue up instead of failing each other's CAS. */
  private readonly perUser = new KeyedSerialQueue();
  private readonly retentionMs: number;
  private readonly eraser: AofEraser;
  private readonly outbox: RedisOutbox;
  /** A Redis Cluster refuses a script whose keys are in different slots. */
  private readonly clustered: boolean;
  private closed = false;
  readonly place: string;

  constructor(private readonly options: RedisStoreOptions) {
    const log = options.log ?? ((msg: string) => process.stderr.write(`${msg}\n`));
    const conn = connectionOptions(options);
    this.hub = new EventHub(log);
    const target: RedisTarget = options.clusterNodes?.length ? { clusterNodes: options.clusterNodes, password: options.clusterPassword } : { url: options.url ?? '' };
    this.place = storePlace('url' in target ? { redisUrl: target.url, redisCluster: null } : { redisUrl: null, redisCluster: { nodes: target.clusterNodes } });
    this.redis = openConnection(target, 'command', conn, log);
    this.clustered = this.redis instanceof Cluster;
    this.sub = openConnection(target, 'subscriber', conn, log);
    log(`store: Redis at ${describeTarget(target)}`);
    this.subscriber = new RedisSubscriber(this.sub, EVENTS_CHANNEL, this.hub, log);
    this.run = defineScripts(this.redis);
    this.retentionMs = options.historyDays * DAY_MS;
    const outbox = new RedisOutbox(this.redis, log, options.now ?? Date.now);
    this.outbox = outbox;
    this.writes = new RedisWrites(this.redis, this.run, this.retentionMs, outbox);
    this.tables = new RedisSideTables(this.redis, this.run);
    this.notify = new RedisNotify(this.redis, (task) => this.guard(task), outbox);
    this.eraser = new AofEraser(this.redis, options.aofRewriteAfterDeleteMs ?? 60_000, log);
  }

  /**
   * Construct and wait up to `waitMs` for Redis to answer and the event subscription to be in
   * place. If it does not, the store is returned anyway: it keeps reconnecting, and ping() (so
   * /readyz) fails until it succeeds — a relay may start before its Redis.
   */
  static async connect(options: RedisStoreOptions, waitMs = 5000): Promise<RedisStore> {
    const store = new RedisStore(options);
    const deadline = Date.now() + waitMs;
    for (;;) {
      try {
        await store.ping();
        return store;
      } catch (err) {
        if (Date.now() >= deadline) {
          (options.log ?? ((m: string) => process.stderr.write(`${m}\n`)))(`store: Redis not ready yet (${String(err)}); continuing to retry in the background`);
          return store;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  createUser = (user: UserRecord): Promise<void> => this.guard(() => this.writes.createUser(user));

  getUser = (userId: string): Promise<UserRecord | null> => this.guard(async () => parse<UserRecord>(await this.redis.get(keys.user(userId))));

  getUserByShareId(shareId: string): Promise<UserRecord | null> {
    return this.guard(async () => {
      const userId = await this.redis.get(keys.share(shareId));
      const user = userId === null ? null : parse<UserRecord>(await this.redis.get(keys.user(userId)));
      // Rotated away between the two reads: the old id must not resolve, not even once.
      return user && user.shareId === shareId ? user : null;
    });
  }

  listUsers(offset: number, limit: number): Promise<UserRecord[]> {
    return this.guard(async () => {
      checkPage(offset, limit);
      if (limit === 0) return [];
      const ids = await this.redis.zrange(keys.users, String(offset), String(offset + limit - 1));
      if (ids.length === 0) return [];
      // A user deleted between the two reads (or an index entry left by a crash) is not listed.
      return (await this.getMany(ids.map(keys.user))).map((u) => parse<UserRecord>(u)).filter((u): u is UserRecord => u !== null);
    });
  }

  countUsers = (): Promise<number> => this.guard(() => this.redis.zcard(keys.users));

  listRoster(): Promise<UserRecord[]> {
    return this.guard(async () => {
      const ids = Object.values(await this.redis.hgetall(keys.roster));
      const users: UserRecord[] = [];
      for (let i = 0; i < ids.length; i += READ_CHUNK) {
        const chunk = await this.getMany(ids.slice(i, i + READ_CHUNK).map(keys.user));
        for (const json of chunk) {
          const user = parse<UserRecord>(json);
          if (user?.roster) users.push(user);
        }
      }
      return users.sort(byEmail);
    });
  }

  getRosterEntry(email: string): Promise<UserRecord | null> {
    return this.guard(async () => {
      const userId = await this.redis.hget(keys.roster, email.toLowerCase());
      const user = userId === null ? null : parse<UserRecord>(await this.redis.get(keys.user(userId)));
      return user?.roster ? user : null;
    });
  }

  writeUsers = (writes: readonly UserWrite[]): Promise<number[]> => this.guard(() => this.writes.writeUsers(writes));

  applyReport = (userId: string, source: SourceName, report: AnyReport, nowMs: number, fence?: Fence, prior?: StatusPrior): Promise<ApplyResult> =>
    this.changeStatus(userId, nowMs, (record, tz) => applyReport(record, source, report, nowMs, tz), fence, prior);
  forgetSource = (userId: string, source: SourceName, nowMs: number, prior?: StatusPrior): Promise<ApplyResult> =>
    this.changeStatus(userId, nowMs, (record, tz) => forgetSource(record, source, nowMs, tz), undefined, prior);
  crossEdges = (userId: string, nowMs: number): Promise<ApplyResult> => this.changeStatus(userId, nowMs, (record, tz) => crossEdges(record, nowMs, tz));

  /** The address limits (their own slots) and the person's slot, sent together: one round trip. */
  authorise(request: AuthRequest): Promise<Authorised> {
    return this.guard(() => authoriseOn(this.run, this.clustered, request, (l) => this.rateLimit(l.key, l.limit, l.windowMs)));
  }

  changeAutomation = (userId: string, change: { calendarPausedUntil?: string | null }, nowMs: number): Promise<ApplyResult> =>
    this.changeStatus(userId, nowMs, (record, tz) => setAutomation(record, change, nowMs, tz));

  getStatusRecord = (userId: string): Promise<StatusRecord | null> => this.guard(async () => parse<StatusRecord>(await this.redis.get(keys.status(userId))));

  getStatusRecords = (userIds: readonly string[]): Promise<(StatusRecord | null)[]> =>
    this.guard(async () => (userIds.length === 0 ? [] : (await this.getMany(userIds.map(keys.status))).map((s) => parse<StatusRecord>(s))));

  updateShare(userId: string, change: ShareChange): Promise<UserRecord> {
    return this.perUser.run(userId, () => this.guard(() => this.writes.updateShare(userId, change)));
  }

  async deleteUser(userId: string): Promise<boolean> {
    const deleted = await this.perUser.run(userId, () => this.guard(() => this.writes.deleteUser(userId)));
    // "Gone" includes the disk: the append-only file still holds what they wrote until rewritten.
    if (deleted) this.eraser.afterDeletion();
    return deleted;
  }

  history(userId: string, fromMs: number, toMs: number): Promise<HistoryEntry[]> {
    return this.guard(async () => {
      // MINID ~ trims whole stream nodes only, so enforce the retention exactly here.
      fromMs = Math.max(fromMs, (this.options.now ?? Date.now)() - this.retentionMs);
      if (toMs < fromMs) return [];
      // Ids are never below `at` but can be above it (appends from a replica whose clock lags).
      const entries = await this.redis.xrange(keys.history(userId), Math.max(0, Math.floor(fromMs)), Math.floor(toMs) + CLOCK_SKEW_MS);
      return inRange(entries.map(([, fields]) => toHistoryEntry(fields)), fromMs, toMs);
    });
  }

  rateLimit(key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
    return this.guard(async () => {
      const [hits, ttl] = (await this.run('tsRateLimit', [keys.rateLimit(key)], [Math.max(1, Math.ceil(windowMs))])) as [number, number];
      return limitResult(hits, ttl, limit);
    });
  }

  // Sliding limits, leases, job state and MQTT outputs: their own slots, plain commands (redis-side-tables.ts).
  slidingLimit = (key: string, windows: readonly SlidingWindow[]) => this.guard(() => this.tables.slidingLimit(key, windows));
  acquireLease = (name: string, holder: string, ttlMs: number) => this.guard(() => this.tables.acquireLease(name, holder, ttlMs));
  readLease = (name: string) => this.guard(() => this.tables.readLease(name));
  releaseLease = (name: string, holder: string) => this.guard(() => this.tables.releaseLease(name, holder));
  getJobState = (name: string) => this.guard(() => this.tables.getJobState(name));
  setJobState = (name: string, value: string, fence: Fence) => this.guard(() => this.tables.setJobState(name, value, fence));
  setMqttOutput = (userId: string, name: string | null) => this.guard(() => this.tables.setMqttOutput(userId, name));
  getMqttOutput = (userId: string) => this.guard(() => this.tables.getMqttOutput(userId));
  listMqttOutputs = () => this.guard(() => this.tables.listMqttOutputs());

  broadcast(event: TransientEvent): Promise<void> {
    return this.guard(async () => {
      // From the person's own slot, the node their status events come from: one person's events
      // (an announcement of open streams, then its correction) arrive in the order sent.
      await this.run('tsPublishFrom', ['userId' in event ? keys.user(event.userId) : keys.users], [EVENTS_CHANNEL, JSON.stringify(event)]);
    });
  }

  // Meeting roulette's documents: one hash per kind (redis-documents.ts).
  getDocument = (kind: DocumentKind, id: string): Promise<string | null> => this.guard(() => redisDocuments.get(this.redis, kind, id));
  listDocuments = (kind: DocumentKind): Promise<StoredDocument[]> => this.guard(() => redisDocuments.list(this.redis, kind));
  putDocument = (kind: DocumentKind, id: string, value: string): Promise<void> => this.guard(() => redisDocuments.put(this.redis, kind, id, value));
  takeDocument = (kind: DocumentKind, id: string): Promise<string | null> => this.guard(() => redisDocuments.take(this.redis, kind, id));

  subscribe(listener: (event: StoreEvent) => void): () => void {
    return this.hub.subscribe(listener);
  }

  onResync(listener: () => void): () => void {
    // Wrapped so the same function registered twice is two registrations.
    const entry = () => listener();
    this.subscriber.resyncListeners.add(entry);
    return () => {
      this.subscriber.resyncListeners.delete(entry);
    };
  }

  ping(): Promise<void> {
    return this.guard(async () => {
      await this.redis.ping();
      if (!this.subscriber.subscribed) throw new StoreUnavailableError('not subscribed to store events (reconnecting)');
      // The subscriber only ever receives, so this is how a hung one gets noticed.
      await this.sub.ping().catch((err: unknown) => {
        dropIfHung(this.sub, err);
        throw err;
      });
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.hub.clear();
    this.eraser.close();
    this.outbox.close();
    this.subscriber.resyncListeners.clear();
    await Promise.all([this.redis, this.sub].map((c) => c.quit().catch(() => c.disconnect())));
  }

  private changeStatus(userId: string, nowMs: number, change: StatusChange, fence?: Fence, prior?: StatusPrior): Promise<ApplyResult> {
    return this.perUser.run(userId, () => this.guard(() => this.writes.changeStatus(userId, nowMs, change, fence, prior)));
  }

  /** Many keys of many slots: one MGET on one Redis; on a cluster one GET each, sent together (MGET needs one slot). */
  private getMany(list: readonly string[]): Promise<(string | null)[]> {
    if (list.length === 0) return Promise.resolve([]);
    return this.redis instanceof Cluster ? Promise.all(list.map((k) => this.redis.get(k))) : this.redis.mget([...list]);
  }

  private async guard<T>(task: () => Promise<T>): Promise<T> {
    if (this.closed) throw new StoreUnavailableError('the store is closed');
    try {
      return await task();
    } catch (err) {
      dropIfHung(this.redis, err);
      throw toStoreError(err);
    }
  }
}

function parse<T>(json: string | null): T | null {
  return json === null ? null : (JSON.parse(json) as T);
}
