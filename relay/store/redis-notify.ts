import type { RedisClient } from './redis-scripts';
import { NOTIFY_LIMITS, type DeliveryRecord, type Rule } from '../../core';
import { keys, NOTIFY_GROUP } from './redis-keys';
import { defineNotifyScripts, type NotifyScriptRunner } from './redis-notify-scripts';
import type { RedisOutbox } from './redis-outbox';
import type { ChannelOwner, ClaimedChange, DeliveryJob, LeasedJob, NotifyStore, QueuedChange, ScheduledJob, Settlement, StoredChannel, StoredWatch, VapidKeys } from './notify-store';

type StreamEntries = [id: string, fields: string[]][];

function parse<T>(json: string | null | undefined): T | null {
  return json == null ? null : (JSON.parse(json) as T);
}

function changesOf(entries: StreamEntries | null | undefined): ClaimedChange[] {
  const out: ClaimedChange[] = [];
  for (const [handle, fields] of entries ?? []) {
    // An entry XDELed after another worker claimed it comes back from XAUTOCLAIM without fields.
    const i = fields ? fields.indexOf('c') : -1;
    if (i >= 0) out.push({ handle, change: JSON.parse(fields[i + 1]!) as QueuedChange });
  }
  return out;
}

/** The Redis store's notification part (key layout: redis-keys.ts). */
export class RedisNotify implements NotifyStore {
  private readonly run: NotifyScriptRunner;
  private groupReady: Promise<void> | null = null;

  constructor(
    private readonly redis: RedisClient,
    private readonly guard: <T>(task: () => Promise<T>) => Promise<T>,
    private readonly outbox: RedisOutbox,
  ) {
    this.run = defineNotifyScripts(redis);
  }

  putChannel(channel: StoredChannel): Promise<void> {
    return this.guard(async () => {
      await this.redis.multi().set(keys.channel(channel.id), JSON.stringify(channel)).sadd(keys.channels(channel.owner), channel.id).exec();
    });
  }

  getChannel(id: string): Promise<StoredChannel | null> {
    return this.guard(async () => parse<StoredChannel>(await this.redis.get(keys.channel(id))));
  }

  listChannels(owner: ChannelOwner): Promise<StoredChannel[]> {
    return this.guard(async () => {
      const ids = await this.redis.smembers(keys.channels(owner));
      if (ids.length === 0) return [];
      const values = await this.redis.mget(ids.map((id) => keys.channel(id)));
      return values
        .map((v) => parse<StoredChannel>(v))
        .filter((c): c is StoredChannel => c !== null)
        .sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1));
    });
  }

  deleteChannel(owner: ChannelOwner, id: string): Promise<boolean> {
    return this.guard(async () => {
      const reply = await this.run('tsNotifyDeleteChannel', [keys.channel(id), keys.channels(owner), keys.deliveryLog(id), keys.deliveryOrder(id), keys.dead(id)], [id]);
      return reply === 1;
    });
  }

  setRules(owner: ChannelOwner, rules: Rule[]): Promise<void> {
    return this.guard(async () => {
      await this.redis.set(keys.rules(owner), JSON.stringify(rules));
    });
  }

  getRules(owner: ChannelOwner): Promise<Rule[]> {
    return this.guard(async () => parse<Rule[]>(await this.redis.get(keys.rules(owner))) ?? []);
  }

  putWatch(watch: StoredWatch): Promise<void> {
    return this.guard(async () => {
      await this.redis.hset(keys.watches(watch.userId), watch.id, JSON.stringify(watch));
    });
  }

  listWatches(userId: string): Promise<StoredWatch[]> {
    return this.guard(async () => {
      const all = await this.redis.hvals(keys.watches(userId));
      return all.map((v) => JSON.parse(v) as StoredWatch).sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
    });
  }

  deleteWatch(userId: string, id: string): Promise<boolean> {
    return this.guard(async () => (await this.redis.hdel(keys.watches(userId), id)) === 1);
  }

  claimChanges(consumer: string, max: number, stuckMs: number): Promise<ClaimedChange[]> {
    return this.guard(async () => {
      await this.ensureGroup();
      try {
        // Sent together (one round trip); Redis runs them in this order, as if one after the other.
        const [stuck, fresh] = (await Promise.all([
          this.redis.xautoclaim(keys.notifyQueue, NOTIFY_GROUP, consumer, stuckMs, '0-0', 'COUNT', max),
          this.redis.xreadgroup('GROUP', NOTIFY_GROUP, consumer, 'COUNT', max, 'STREAMS', keys.notifyQueue, '>'),
        ])) as [[string, StreamEntries], [string, StreamEntries][] | null];
        return [...changesOf(stuck[1]), ...changesOf(fresh?.[0]?.[1])];
      } catch (err) {
        // A Redis that lost its data lost the group too: create it again next time.
        if (String(err).includes('NOGROUP')) this.groupReady = null;
        throw err;
      }
    });
  }

  finishUnfollowed(claimed: ClaimedChange[]): Promise<ClaimedChange[]> {
    if (claimed.length === 0) return Promise.resolve([]);
    return this.guard(async () => {
      const keyList = [keys.notifyQueue, keys.rules('org'), ...claimed.flatMap((c) => [keys.rules(`user:${c.change.userId}`), keys.watches(c.change.userId)])];
      const followed = (await this.run('tsNotifyFinishUnfollowed', keyList, [NOTIFY_GROUP, ...claimed.map((c) => c.handle)])) as number[];
      return claimed.filter((_, i) => followed[i] === 1);
    });
  }

  finishChange(handle: string, jobs: ScheduledJob[]): Promise<boolean> {
    return this.guard(async () => {
      const keyList = [keys.notifyQueue, keys.notifyJobs, keys.notifyJob, ...jobs.map((j) => (j.job.watch ? keys.watches(j.job.watch.userId) : keys.notifyJob))];
      const args: (string | number)[] = [NOTIFY_GROUP, handle, jobs.length];
      for (const { job, dueMs, replace } of jobs) args.push(job.key, dueMs, replace ? '1' : '0', JSON.stringify(job), job.watch?.id ?? '');
      return (await this.run('tsNotifyFinish', keyList, args)) === 1;
    });
  }

  schedule(jobs: ScheduledJob[]): Promise<void> {
    return this.guard(async () => {
      const tx = this.redis.multi();
      for (const { job, dueMs } of jobs) tx.zadd(keys.notifyJobs, dueMs, job.key).hset(keys.notifyJob, job.key, JSON.stringify(job));
      await tx.exec();
    });
  }

  claimDue(nowMs: number, leaseUntilMs: number, max: number): Promise<LeasedJob[]> {
    return this.guard(async () => {
      const flat = (await this.run('tsNotifyClaimDue', [keys.notifyJobs, keys.notifyJob], [Math.floor(nowMs), Math.floor(leaseUntilMs), max])) as string[];
      const out: LeasedJob[] = [];
      for (let i = 0; i < flat.length; i += 2) out.push({ job: JSON.parse(flat[i + 1]!) as DeliveryJob, lease: Math.floor(leaseUntilMs) });
      return out;
    });
  }

  settle(leased: LeasedJob, outcome: Settlement, record: DeliveryRecord | null): Promise<boolean> {
    return this.guard(async () => {
      const { job } = leased;
      const next: DeliveryJob = { ...job, attempts: record?.attempts ?? job.attempts };
      const reply = await this.run(
        'tsNotifySettle',
        [keys.notifyJobs, keys.notifyJob, keys.deliveryLog(job.logId), keys.deliveryOrder(job.logId), keys.dead(job.logId)],
        [
          job.key,
          leased.lease,
          outcome.state,
          outcome.state === 'retrying' ? Math.floor(outcome.dueMs) : 0,
          JSON.stringify(next),
          job.eventId,
          record ? JSON.stringify(record) : '',
          record ? Date.parse(record.at) : 0,
          NOTIFY_LIMITS.deliveriesKept,
          JSON.stringify(job),
        ],
      );
      return reply === 1;
    });
  }

  deliveries(logId: string, limit: number): Promise<DeliveryRecord[]> {
    return this.guard(async () => {
      const ids = await this.redis.zrevrange(keys.deliveryOrder(logId), 0, limit - 1);
      if (ids.length === 0) return [];
      const values = await this.redis.hmget(keys.deliveryLog(logId), ...ids);
      return values.map((v) => parse<DeliveryRecord>(v)).filter((r): r is DeliveryRecord => r !== null);
    });
  }

  deadLetters(logId: string): Promise<DeliveryJob[]> {
    return this.guard(async () => (await this.redis.lrange(keys.dead(logId), 0, -1)).map((v) => JSON.parse(v) as DeliveryJob));
  }

  vapidKeys(create: () => VapidKeys): Promise<VapidKeys> {
    return this.guard(async () => {
      const existing = parse<VapidKeys>(await this.redis.get(keys.vapid));
      if (existing) return existing;
      // Two replicas may both generate; SET NX keeps the first, and both answer what was kept.
      await this.redis.set(keys.vapid, JSON.stringify(create()), 'NX');
      return parse<VapidKeys>(await this.redis.get(keys.vapid))!;
    });
  }

  sweepOutboxes(): Promise<number> {
    return this.guard(() => this.outbox.sweep());
  }

  private ensureGroup(): Promise<void> {
    this.groupReady ??= this.redis
      .xgroup('CREATE', keys.notifyQueue, NOTIFY_GROUP, '0', 'MKSTREAM')
      .then(() => undefined)
      .catch((err: unknown) => {
        if (String(err).includes('BUSYGROUP')) return;
        this.groupReady = null;
        throw err;
      });
    return this.groupReady;
  }
}
