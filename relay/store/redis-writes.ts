import { Cluster } from 'ioredis';
import { emptyRecord, type ApplyResult, type StatusRecord } from '../../core';
import { queuedChangeOf } from './notify-change';
import { EVENTS_CHANNEL, keys } from './redis-keys';
import type { OutboxEntry } from './redis-outbox';
import type { RedisClient, ScriptRunner } from './redis-scripts';
import { shareRevokedEvent, statusEventHead, userDeletedEvent } from './store-events';
import { LeaseLostError, StoreConflictError, StoreContentionError, UnknownUserError, type Fence, type ShareChange, type StatusPrior, type UserRecord, type UserWrite } from './store';

/** Compare-and-set retries before giving up; only other replicas writing the same user race us. */
const MAX_ATTEMPTS = 100;

/** Recomputes a status record (core's applyReport or forgetSource, bound to its arguments). */
export type StatusChange = (record: StatusRecord, timeZone: string | undefined) => ApplyResult;

function parse<T>(json: string | null | undefined): T | null {
  return json == null ? null : (JSON.parse(json) as T);
}

/** Moves a person's outbox entries into the notification queue after their write (RedisOutbox). */
export interface OutboxMover {
  afterWrite(userId: string, entries: readonly OutboxEntry[]): Promise<void>;
}

/**
 * The Redis store's writes: read (user, status and version in one same-slot MGET), compute in
 * TypeScript, then a script that writes only if the version is still the one read; 0 means
 * "retry". Indexes in other slots (share id, people, roster) are written in their own step,
 * ordered so a crash in between leaves at most an index entry pointing at nobody.
 */
export class RedisWrites {
  /** On a cluster, writes that cross slots go in steps (see changeStatus). */
  private readonly clustered: boolean;

  constructor(
    private readonly redis: RedisClient,
    private readonly run: ScriptRunner,
    private readonly retentionMs: number,
    /** Used on a cluster only: where the write's notification goes after the write. */
    private readonly outbox: OutboxMover,
  ) {
    this.clustered = redis instanceof Cluster;
  }

  /** Share id first (claimed NX: the conflict check), then the people index, then the user. */
  async createUser(user: UserRecord): Promise<void> {
    if ((await this.redis.set(keys.share(user.shareId), user.userId, 'NX')) === null) throw new StoreConflictError('that share id is taken');
    await this.redis.zadd(keys.users, 'NX', Date.parse(user.createdAt), user.userId);
    if ((await this.run('tsCreate', [keys.user(user.userId), keys.version(user.userId)], [JSON.stringify(user)])) === -1) {
      await this.run('tsDelIf', [keys.share(user.shareId)], [user.userId]);
      throw new StoreConflictError(`user ${user.userId} already exists`);
    }
  }

  /** User, status and version of one person: one slot, one MGET. */
  async read(userId: string): Promise<StatusPrior | null> {
    const [userJson, statusJson, version] = await this.redis.mget(keys.user(userId), keys.status(userId), keys.version(userId));
    const user = parse<UserRecord>(userJson);
    return user ? { user, record: parse<StatusRecord>(statusJson), version: version ?? '0' } : null;
  }

  /**
   * `prior`: what the request's first round trip read (Store.authorise), so an uncontended write
   * is this one script. A fenced write (a job) also checks its lease beside the read: the lease
   * lives in another slot, so the script itself enforces only that no older grant writes after
   * a newer one did (the person's fence floor).
   */
  async changeStatus(userId: string, nowMs: number, change: StatusChange, fence?: Fence, prior?: StatusPrior): Promise<ApplyResult> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const [read, lease] = await Promise.all([
        attempt === 0 && prior && prior.user.userId === userId ? prior : this.read(userId),
        fence ? this.redis.get(keys.lease(fence.lease)) : null,
      ]);
      if (!read) throw new UnknownUserError(userId);
      if (fence && (!lease || !lease.startsWith(`${fence.token}:`))) throw new LeaseLostError(fence.lease);
      const result = change(read.record ?? emptyRecord(nowMs), read.user.timeZone ?? undefined);
      const previous = read.record;
      if (!result.applied) return result;
      const h = result.history;
      const queued = queuedChangeOf(userId, previous, result);
      const reply = await this.run(
        'tsApply',
        // The notification entry is written by the same script: on one Redis into the queue; on a
        // cluster (the queue is another slot) into the person's outbox, moved below.
        [keys.user(userId), keys.status(userId), keys.version(userId), keys.history(userId), keys.fenceFloor(userId, fence?.lease ?? ''), this.clustered ? keys.outbox(userId) : keys.notifyQueue],
        [
          read.version,
          JSON.stringify(result.record),
          h ? String(Date.parse(h.at)) : '',
          String(Math.max(0, nowMs - this.retentionMs)),
          this.retentionMs,
          EVENTS_CHANNEL,
          statusEventHead(read.user),
          h?.at ?? '',
          h?.availability ?? '',
          h?.activity ?? '',
          h?.inCall ? '1' : '0',
          fence ? String(fence.token) : '',
          queued ? JSON.stringify(queued) : '',
          this.clustered ? 'outbox' : 'queue',
        ],
      );
      if (reply === -3) throw new LeaseLostError(fence?.lease ?? '');
      if (Array.isArray(reply)) {
        await this.outbox.afterWrite(userId, reply[1] as OutboxEntry[]);
        return result;
      }
      if (reply !== 1) continue;
      return result;
    }
    throw new StoreContentionError('the status kept changing under us; try again');
  }

  /** A rotation claims the new id first, swaps the user, then lets the old id go. */
  async updateShare(userId: string, change: ShareChange): Promise<UserRecord> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const read = await this.read(userId);
      if (!read) throw new UnknownUserError(userId);
      const { user } = read;
      const rotate = change.newShareId !== undefined && change.newShareId !== user.shareId;
      const next: UserRecord = { ...user, shareLevel: change.level ?? user.shareLevel, shareId: rotate ? change.newShareId! : user.shareId };
      const levelChanged = next.shareLevel !== user.shareLevel;
      if (!rotate && !levelChanged) return user;
      if (rotate && (await this.redis.set(keys.share(next.shareId), userId, 'NX')) === null) throw new StoreConflictError('that share id is taken');
      const reply = await this.run(
        'tsShare',
        [keys.user(userId), keys.status(userId), keys.version(userId)],
        [read.version, JSON.stringify(next), EVENTS_CHANNEL, rotate ? JSON.stringify(shareRevokedEvent(userId, user.shareId)) : '', levelChanged ? statusEventHead(next) : ''],
      );
      if (reply === 1) {
        // The old id already resolves to nobody (its user names another share); now it is gone too.
        if (rotate) await this.run('tsDelIf', [keys.share(user.shareId)], [userId]);
        return next;
      }
      if (rotate) await this.run('tsDelIf', [keys.share(next.shareId)], [userId]);
    }
    throw new StoreContentionError('the share kept changing under us; try again');
  }

  /** Writes per round of the roster import: all of a round are in flight together. */
  static readonly BATCH = 2500;

  async writeUsers(writes: readonly UserWrite[]): Promise<number[]> {
    const failed: number[] = [];
    for (let start = 0; start < writes.length; start += RedisWrites.BATCH) {
      const batch = writes.slice(start, start + RedisWrites.BATCH);
      const done = await Promise.all(batch.map((w) => this.writeUser(w)));
      done.forEach((ok, i) => ok || failed.push(start + i));
    }
    return failed;
  }

  /** One compare-and-set of the import; a new entry claims its share id and email first. */
  private async writeUser({ previous, next }: UserWrite): Promise<boolean> {
    const email = next.roster && next.email ? next.email : null;
    if (!previous) {
      const [share, claimed] = await Promise.all([
        this.redis.set(keys.share(next.shareId), next.userId, 'NX'),
        email ? this.redis.hsetnx(keys.roster, email, next.userId) : 1,
      ]);
      if (share === null || claimed === 0) {
        await Promise.all([share !== null && this.run('tsDelIf', [keys.share(next.shareId)], [next.userId]), claimed === 1 && email && this.run('tsHdelIf', [keys.roster], [email, next.userId])]);
        return false;
      }
      await this.redis.zadd(keys.users, 'NX', Date.parse(next.createdAt), next.userId);
    }
    const ok = (await this.run('tsPutUser', [keys.user(next.userId), keys.version(next.userId)], [previous ? JSON.stringify(previous) : '', JSON.stringify(next)])) === 1;
    if (!ok && !previous) {
      await Promise.all([this.run('tsDelIf', [keys.share(next.shareId)], [next.userId]), email && this.run('tsHdelIf', [keys.roster], [email, next.userId])]);
    }
    if (ok && previous && email) await this.redis.hset(keys.roster, email, next.userId);
    return ok;
  }

  /** The person's own slot first (user, status, history go at once), then every index. */
  async deleteUser(userId: string): Promise<boolean> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const read = await this.read(userId);
      if (!read) return false;
      const { user } = read;
      const reply = await this.run(
        'tsDelete',
        [keys.user(userId), keys.status(userId), keys.version(userId), keys.history(userId), keys.tokenLimit(userId), keys.outbox(userId)],
        [read.version, EVENTS_CHANNEL, JSON.stringify(userDeletedEvent(user))],
      );
      if (reply !== 1) continue;
      await Promise.all([
        this.run('tsDelIf', [keys.share(user.shareId)], [userId]),
        this.redis.zrem(keys.users, userId),
        user.roster && user.email ? this.run('tsHdelIf', [keys.roster], [user.email, userId]) : null,
        this.run('tsSetMqtt', [keys.mqtt, keys.mqttNames], [userId, '', EVENTS_CHANNEL, '']),
      ]);
      return true;
    }
    throw new StoreContentionError('the user kept changing under us; try again');
  }
}
