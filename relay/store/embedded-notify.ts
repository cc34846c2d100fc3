import type { DeliveryRecord, Rule } from '../../core';
import type { NotifyOp, NotifyState } from './embedded-notify-state';
import type { ChannelOwner, ClaimedChange, DeliveryJob, LeasedJob, NotifyStore, ScheduledJob, Settlement, StoredChannel, StoredWatch, VapidKeys } from './notify-store';

/** Decide from the state, synchronously; the store journals the ops and applies them in the same step. */
export type NotifyMutate = <T>(task: (state: NotifyState) => { value: T; ops: NotifyOp[] }) => Promise<T>;

/** The embedded store's notification part: reads from memory, every change through the journal. */
export class EmbeddedNotify implements NotifyStore {
  constructor(
    private readonly state: NotifyState,
    private readonly mutate: NotifyMutate,
    private readonly read: <T>(task: () => T) => Promise<T>,
    private readonly now: () => number,
  ) {}

  putChannel(channel: StoredChannel): Promise<void> {
    return this.mutate(() => ({ value: undefined, ops: [{ k: 'channel', channel: structuredClone(channel) }] }));
  }

  getChannel(id: string): Promise<StoredChannel | null> {
    return this.read(() => structuredClone(this.state.channels.get(id) ?? null));
  }

  listChannels(owner: ChannelOwner): Promise<StoredChannel[]> {
    return this.read(() => structuredClone([...this.state.channels.values()].filter((c) => c.owner === owner)));
  }

  deleteChannel(owner: ChannelOwner, id: string): Promise<boolean> {
    return this.mutate((s) => (s.channels.get(id)?.owner === owner ? { value: true, ops: [{ k: 'channel-del', id }] } : { value: false, ops: [] }));
  }

  setRules(owner: ChannelOwner, rules: Rule[]): Promise<void> {
    return this.mutate(() => ({ value: undefined, ops: [{ k: 'rules', owner, rules: structuredClone(rules) }] }));
  }

  getRules(owner: ChannelOwner): Promise<Rule[]> {
    return this.read(() => structuredClone(this.state.rules.get(owner) ?? []));
  }

  putWatch(watch: StoredWatch): Promise<void> {
    return this.mutate(() => ({ value: undefined, ops: [{ k: 'watch', watch: structuredClone(watch) }] }));
  }

  listWatches(userId: string): Promise<StoredWatch[]> {
    return this.read(() => structuredClone([...(this.state.watches.get(userId)?.values() ?? [])]));
  }

  deleteWatch(userId: string, id: string): Promise<boolean> {
    return this.mutate((s) => (s.watches.get(userId)?.has(id) ? { value: true, ops: [{ k: 'watch-del', userId, id }] } : { value: false, ops: [] }));
  }

  claimChanges(_consumer: string, max: number, stuckMs: number): Promise<ClaimedChange[]> {
    return this.read(() => {
      const now = this.now();
      const out: ClaimedChange[] = [];
      for (const change of this.state.queue.values()) {
        if (out.length >= max) break;
        const at = this.state.claimed.get(change.id);
        if (at !== undefined && now - at < stuckMs) continue;
        this.state.claimed.set(change.id, now);
        out.push({ handle: change.id, change: structuredClone(change) });
      }
      return out;
    });
  }

  finishUnfollowed(claimed: ClaimedChange[]): Promise<ClaimedChange[]> {
    return this.mutate((s) => {
      const followed = (userId: string) => (s.rules.get('org')?.length ?? 0) > 0 || (s.rules.get(`user:${userId}`)?.length ?? 0) > 0 || (s.watches.get(userId)?.size ?? 0) > 0;
      const rest = claimed.filter((c) => followed(c.change.userId));
      const ops: NotifyOp[] = claimed.filter((c) => !followed(c.change.userId) && s.queue.has(c.handle)).map((c) => ({ k: 'change-done', id: c.handle }));
      return { value: rest, ops };
    });
  }

  finishChange(handle: string, jobs: ScheduledJob[]): Promise<boolean> {
    return this.mutate((s) => {
      if (!s.queue.has(handle)) return { value: false, ops: [] };
      const ops: NotifyOp[] = [{ k: 'change-done', id: handle }];
      const gone = new Set<string>();
      for (const { job, dueMs, replace } of jobs) {
        if (job.watch) {
          const key = `${job.watch.userId}/${job.watch.id}`;
          if (gone.has(key) || !s.watches.get(job.watch.userId)?.has(job.watch.id)) continue;
          gone.add(key);
          ops.push({ k: 'watch-del', userId: job.watch.userId, id: job.watch.id });
        }
        if (replace || !s.jobs.has(job.key)) ops.push({ k: 'job', job: structuredClone(job), dueMs });
      }
      return { value: true, ops };
    });
  }

  /** Changes are queued in the status write's own journal line: no outbox to sweep. */
  sweepOutboxes(): Promise<number> {
    return this.read(() => 0);
  }

  schedule(jobs: ScheduledJob[]): Promise<void> {
    return this.mutate(() => ({ value: undefined, ops: jobs.map(({ job, dueMs }) => ({ k: 'job' as const, job: structuredClone(job), dueMs })) }));
  }

  claimDue(nowMs: number, leaseUntilMs: number, max: number): Promise<LeasedJob[]> {
    return this.read(() => {
      const out: LeasedJob[] = [];
      for (const { job, dueMs } of this.state.jobs.values()) {
        if (out.length >= max) break;
        const lease = this.state.leases.get(job.key);
        if (dueMs > nowMs || (lease !== undefined && lease > nowMs)) continue;
        this.state.leases.set(job.key, leaseUntilMs);
        out.push({ job: structuredClone(job), lease: leaseUntilMs });
      }
      return out;
    });
  }

  settle(leased: LeasedJob, outcome: Settlement, record: DeliveryRecord | null): Promise<boolean> {
    return this.mutate((s) => {
      const { job } = leased;
      const held = s.jobs.get(job.key);
      if (s.leases.get(job.key) !== leased.lease || !held || JSON.stringify(held.job) !== JSON.stringify(job)) return { value: false, ops: [] };
      const next: DeliveryJob = { ...job, attempts: record?.attempts ?? job.attempts };
      const ops: NotifyOp[] = [];
      if (outcome.state === 'retrying') {
        s.leases.delete(job.key);
        ops.push({ k: 'job', job: next, dueMs: outcome.dueMs });
      } else ops.push({ k: 'job-del', key: job.key });
      if (outcome.state === 'dead') ops.push({ k: 'dead', logId: job.logId, job: next });
      if (record) ops.push({ k: 'log', logId: job.logId, record });
      return { value: true, ops };
    });
  }

  deliveries(logId: string, limit: number): Promise<DeliveryRecord[]> {
    return this.read(() => structuredClone((this.state.logs.get(logId) ?? []).slice(-limit).reverse()));
  }

  deadLetters(logId: string): Promise<DeliveryJob[]> {
    return this.read(() => structuredClone(this.state.dead.get(logId) ?? []));
  }

  vapidKeys(create: () => VapidKeys): Promise<VapidKeys> {
    return this.mutate((s) => {
      if (s.vapid) return { value: structuredClone(s.vapid), ops: [] };
      const keys = create();
      return { value: keys, ops: [{ k: 'vapid', keys }] };
    });
  }
}
