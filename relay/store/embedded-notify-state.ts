import { NOTIFY_LIMITS, type DeliveryRecord, type Rule } from '../../core';
import type { DeliveryJob, QueuedChange, StoredChannel, StoredWatch, VapidKeys } from './notify-store';

/** One change to the notification state as the journal records it (resulting state, not commands). */
export type NotifyOp =
  | { k: 'channel'; channel: StoredChannel }
  | { k: 'channel-del'; id: string }
  | { k: 'rules'; owner: string; rules: Rule[] }
  | { k: 'watch'; watch: StoredWatch }
  | { k: 'watch-del'; userId: string; id: string }
  | { k: 'change-done'; id: string }
  | { k: 'job'; job: DeliveryJob; dueMs: number }
  | { k: 'job-del'; key: string }
  | { k: 'log'; logId: string; record: DeliveryRecord }
  | { k: 'dead'; logId: string; job: DeliveryJob }
  | { k: 'vapid'; keys: VapidKeys };

export interface NotifySnapshot {
  channels: StoredChannel[];
  rules: Record<string, Rule[]>;
  watches: StoredWatch[];
  queue: QueuedChange[];
  jobs: { job: DeliveryJob; dueMs: number }[];
  logs: Record<string, DeliveryRecord[]>;
  dead: Record<string, DeliveryJob[]>;
  vapid: VapidKeys | null;
}

/** The embedded store's notification state in memory; leases and claims are this process's only. */
export class NotifyState {
  readonly channels = new Map<string, StoredChannel>();
  readonly rules = new Map<string, Rule[]>();
  readonly watches = new Map<string, Map<string, StoredWatch>>();
  /** Insertion order is queue order. */
  readonly queue = new Map<string, QueuedChange>();
  readonly jobs = new Map<string, { job: DeliveryJob; dueMs: number }>();
  readonly logs = new Map<string, DeliveryRecord[]>();
  readonly dead = new Map<string, DeliveryJob[]>();
  vapid: VapidKeys | null = null;
  /** Not journaled: after a restart every job and change is free again (at least once). */
  readonly leases = new Map<string, number>();
  readonly claimed = new Map<string, number>();

  enqueue(change: QueuedChange): void {
    this.queue.set(change.id, change);
  }

  apply(ops: readonly NotifyOp[]): void {
    for (const op of ops) this.applyOne(op);
  }

  private applyOne(op: NotifyOp): void {
    switch (op.k) {
      case 'channel':
        return void this.channels.set(op.channel.id, op.channel);
      case 'channel-del':
        this.channels.delete(op.id);
        this.logs.delete(op.id);
        this.dead.delete(op.id);
        return;
      case 'rules':
        return void this.rules.set(op.owner, op.rules);
      case 'watch': {
        let mine = this.watches.get(op.watch.userId);
        if (!mine) this.watches.set(op.watch.userId, (mine = new Map()));
        mine.set(op.watch.id, op.watch);
        return;
      }
      case 'watch-del': {
        const mine = this.watches.get(op.userId);
        mine?.delete(op.id);
        if (mine?.size === 0) this.watches.delete(op.userId);
        return;
      }
      case 'change-done':
        this.queue.delete(op.id);
        this.claimed.delete(op.id);
        return;
      case 'job':
        return void this.jobs.set(op.job.key, { job: op.job, dueMs: op.dueMs });
      case 'job-del':
        this.jobs.delete(op.key);
        this.leases.delete(op.key);
        return;
      case 'log': {
        const list = (this.logs.get(op.logId) ?? []).filter((r) => r.eventId !== op.record.eventId);
        list.push(op.record);
        this.logs.set(op.logId, list.slice(-NOTIFY_LIMITS.deliveriesKept));
        return;
      }
      case 'dead':
        return void this.dead.set(op.logId, [op.job, ...(this.dead.get(op.logId) ?? [])].slice(0, 100));
      case 'vapid':
        this.vapid = op.keys;
        return;
    }
  }

  toSnapshot(): NotifySnapshot {
    return {
      channels: [...this.channels.values()],
      rules: Object.fromEntries(this.rules),
      watches: [...this.watches.values()].flatMap((m) => [...m.values()]),
      queue: [...this.queue.values()],
      jobs: [...this.jobs.values()],
      logs: Object.fromEntries(this.logs),
      dead: Object.fromEntries(this.dead),
      vapid: this.vapid,
    };
  }

  load(s: NotifySnapshot): void {
    for (const channel of s.channels) this.channels.set(channel.id, channel);
    for (const [owner, rules] of Object.entries(s.rules)) this.rules.set(owner, rules);
    this.apply(s.watches.map((watch) => ({ k: 'watch', watch })));
    for (const change of s.queue) this.queue.set(change.id, change);
    for (const j of s.jobs) this.jobs.set(j.job.key, j);
    for (const [id, list] of Object.entries(s.logs)) this.logs.set(id, list);
    for (const [id, list] of Object.entries(s.dead)) this.dead.set(id, list);
    this.vapid = s.vapid;
  }

  /** Forget everything of a deleted person: their channels, rules, watches, queued changes and jobs. */
  forgetUser(userId: string): void {
    const owner = `user:${userId}`;
    for (const [id, channel] of this.channels) if (channel.owner === owner) this.applyOne({ k: 'channel-del', id });
    this.rules.delete(owner);
    this.watches.delete(userId);
    // Nothing of a deleted person stays on disk: not their queued changes nor pending deliveries either.
    for (const [id, change] of this.queue) if (change.userId === userId) this.queue.delete(id);
    for (const [key, { job }] of this.jobs) if (job.userId === userId) this.jobs.delete(key);
  }
}
