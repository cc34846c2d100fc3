import type { Redis } from 'ioredis';
import { emptyRecord, type ApplyResult, type StatusRecord } from '../../core';
import { EVENTS_CHANNEL, keys } from './redis-keys';
import type { ScriptRunner } from './redis-scripts';
import { shareRevokedEvent, statusEvent, userDeletedEvent } from './store-events';
import { LeaseLostError, StoreConflictError, StoreUnavailableError, UnknownUserError, type Fence, type ShareChange, type StoreEvent, type UserRecord, type UserWrite } from './store';

/** Compare-and-set retries before giving up; only other replicas writing the same user race us. */
const MAX_ATTEMPTS = 100;

/** Recomputes a status record (core's applyReport or forgetSource, bound to its arguments). */
export type StatusChange = (record: StatusRecord, timeZone: string | undefined) => ApplyResult;

function parse<T>(json: string | null | undefined): T | null {
  return json == null ? null : (JSON.parse(json) as T);
}

/**
 * The Redis store's writes: read, compute in TypeScript, then a compare-and-set script
 * (redis-scripts.ts) that writes only if what was read is still there; 0 means "retry".
 */
export class RedisWrites {
  constructor(
    private readonly redis: Redis,
    private readonly run: ScriptRunner,
    private readonly retentionMs: number,
  ) {}

  async createUser(user: UserRecord): Promise<void> {
    const reply = await this.run('tsCreate', [keys.user(user.userId), keys.share(user.shareId), keys.users], [JSON.stringify(user), user.userId, Date.parse(user.createdAt)]);
    if (reply === -1) throw new StoreConflictError(`user ${user.userId} already exists`);
    if (reply === -2) throw new StoreConflictError('that share id is taken');
  }

  async changeStatus(userId: string, nowMs: number, change: StatusChange, fence?: Fence): Promise<ApplyResult> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const [userJson, statusJson] = await this.redis.mget(keys.user(userId), keys.status(userId));
      const user = parse<UserRecord>(userJson);
      if (!user || !userJson) throw new UnknownUserError(userId);
      const result = change(parse<StatusRecord>(statusJson) ?? emptyRecord(nowMs), user.timeZone ?? undefined);
      if (!result.applied) return result;
      const h = result.history;
      const reply = await this.run(
        'tsApply',
        [keys.user(userId), keys.status(userId), keys.history(userId), keys.lease(fence?.lease ?? '')],
        [
          userJson,
          statusJson ?? '',
          JSON.stringify(result.record),
          h ? String(Date.parse(h.at)) : '',
          String(Math.max(0, nowMs - this.retentionMs)),
          this.retentionMs,
          EVENTS_CHANNEL,
          JSON.stringify(statusEvent(user, result.record)),
          h?.at ?? '',
          h?.availability ?? '',
          h?.activity ?? '',
          h?.inCall ? '1' : '0',
          fence ? String(fence.token) : '',
        ],
      );
      if (reply === -3) throw new LeaseLostError(fence?.lease ?? '');
      if (reply === 1) return result;
    }
    throw new StoreUnavailableError('the status kept changing under us; try again');
  }

  async updateShare(userId: string, change: ShareChange): Promise<UserRecord> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const userJson = await this.redis.get(keys.user(userId));
      const user = parse<UserRecord>(userJson);
      if (!user || !userJson) throw new UnknownUserError(userId);
      const rotate = change.newShareId !== undefined && change.newShareId !== user.shareId;
      const next: UserRecord = { ...user, shareLevel: change.level ?? user.shareLevel, shareId: rotate ? change.newShareId! : user.shareId };
      const levelChanged = next.shareLevel !== user.shareLevel;
      if (!rotate && !levelChanged) return user;
      // The status event is finished inside the script with the record as it is then.
      const { record: _omit, ...head } = statusEvent(next, emptyRecord(0)) as Extract<StoreEvent, { type: 'status' }>;
      const statusHead = levelChanged ? `${JSON.stringify(head).slice(0, -1)},"record":` : '';
      const reply = await this.run(
        'tsShare',
        [keys.user(userId), keys.share(user.shareId), keys.share(next.shareId), keys.status(userId)],
        [userJson, JSON.stringify(next), userId, rotate ? '1' : '0', EVENTS_CHANNEL, JSON.stringify(shareRevokedEvent(userId, user.shareId)), statusHead],
      );
      if (reply === -2) throw new StoreConflictError('that share id is taken');
      if (reply === 1) return next;
    }
    throw new StoreUnavailableError('the share kept changing under us; try again');
  }

  /** Batches of this many writes per script call: big enough to be fast, small enough not to block Redis. */
  static readonly BATCH = 500;

  async writeUsers(writes: readonly UserWrite[]): Promise<number[]> {
    const failed: number[] = [];
    for (let start = 0; start < writes.length; start += RedisWrites.BATCH) {
      const batch = writes.slice(start, start + RedisWrites.BATCH);
      const keyList: string[] = [keys.users, keys.roster];
      const args: (string | number)[] = [];
      for (const { previous, next } of batch) {
        keyList.push(keys.user(next.userId), keys.share(next.shareId));
        args.push(previous ? JSON.stringify(previous) : '', JSON.stringify(next), next.userId, Date.parse(next.createdAt), next.roster && next.email ? next.email : '');
      }
      const reply = (await this.run('tsWriteUsers', keyList, args)) as number[];
      for (const i of reply) failed.push(start + i);
    }
    return failed;
  }

  async deleteUser(userId: string): Promise<boolean> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const userJson = await this.redis.get(keys.user(userId));
      const user = parse<UserRecord>(userJson);
      if (!user || !userJson) return false;
      const reply = await this.run(
        'tsDelete',
        [keys.user(userId), keys.share(user.shareId), keys.status(userId), keys.history(userId), keys.users, keys.roster],
        [userJson, userId, EVENTS_CHANNEL, JSON.stringify(userDeletedEvent(user)), user.roster && user.email ? user.email : ''],
      );
      if (reply === 1) return true;
    }
    throw new StoreUnavailableError('the user kept changing under us; try again');
  }
}
