import { randomUUID } from 'node:crypto';
import type { Logger } from '../http/deps';
import type { ClaimedChange } from '../store/notify-store';
import type { StoreOutageLog } from '../store/outage-log';
import type { Store } from '../store/store';
import { deliver, type DeliverOptions } from './deliver';
import { fanOut, fanOutInput } from './fan-out';

/**
 * Changes taken per pass, per delivery taken: most changes match no rule and cost a couple of
 * store reads, so a pass takes many more of them than it makes attempts.
 */
const CHANGES_PER_JOB_BATCH = 5;

/** After a failed outbox sweep, the next one comes at most this much later. */
const SWEEP_RETRY_MS = 30_000;

export interface WorkerOptions extends DeliverOptions {
  log: Logger;
  /** Store outages are logged through it (once per outage), other failures each time. */
  outage: StoreOutageLog;
  pollMs: number;
  leaseMs: number;
  defaultDebounceSeconds: number;
  /** Every this often (and at the first pass) the store's outboxes are swept (NotifyStore.sweepOutboxes). */
  outboxSweepMs: number;
  /** A change a replica took but did not finish (it died) is taken again after this. */
  stuckMs?: number;
  batch?: number;
}

/**
 * Works the store's notification queue on this replica, beside every other replica: turns
 * queued changes into delivery jobs, and delivers due jobs under a lease. Woken by the store's
 * status events, and by a timer for retries and for work another replica left behind; its first
 * pass, and one every `outboxSweepMs`, also sweeps what a crash left between a write and the
 * queue. Started and stopped by the notification module, so it stops before the store closes.
 */
export class DeliveryWorker {
  private readonly consumer = `relay-${randomUUID()}`;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private unsubscribe: (() => void) | null = null;
  private nextSweepMs = 0;
  private sweeping: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    private readonly options: WorkerOptions,
  ) {}

  start(): void {
    this.unsubscribe = this.store.subscribe((event) => {
      if (event.type === 'status') this.wake();
    });
    this.wake();
  }

  /** Run a pass now (or right after the one under way). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.pass()
      .then(
        () => this.options.outage.answered(),
        (err: unknown) => {
          if (!this.options.outage.failed(err, this.options.pollMs)) this.options.log.error('notify: a delivery pass failed; trying again shortly', { error: String(err) });
        },
      )
      .finally(() => {
        this.running = null;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          this.wake();
        } else {
          this.timer = setTimeout(() => this.wake(), this.options.pollMs);
          this.timer.unref();
        }
      });
  }

  /** Stop taking work and wait for the attempts under way (their outcome is recorded). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await this.sweeping;
  }

  /** A failed sweep is tried again sooner (a master failing over). */
  private async sweep(): Promise<void> {
    const startedMs = this.options.now();
    try {
      const moved = await this.store.notify.sweepOutboxes();
      this.nextSweepMs = startedMs + this.options.outboxSweepMs;
      this.options.outage.answered();
      if (moved > 0) this.options.log.info('notify: moved notifications a crash had left between their write and the queue', { moved });
    } catch (err) {
      const retryMs = Math.min(this.options.outboxSweepMs, SWEEP_RETRY_MS);
      this.nextSweepMs = startedMs + retryMs;
      if (!this.options.outage.failed(err, retryMs)) this.options.log.error('notify: could not sweep the outboxes; trying again shortly', { error: String(err) });
    }
  }

  private async pass(): Promise<void> {
    const { store } = this;
    const batch = this.options.batch ?? 20;
    const now = this.options.now;
    // The sweep walks every master's keys: it runs beside the pass, never in front of the queue.
    if (now() >= this.nextSweepMs && !this.sweeping) this.sweeping = this.sweep().finally(() => (this.sweeping = null));
    // Different people's changes are turned into jobs at once; one person's keep their order,
    // since a later change replaces the job an earlier one left pending (debounce).
    const byPerson = new Map<string, ClaimedChange[]>();
    const claimed = await store.notify.claimChanges(this.consumer, batch * CHANGES_PER_JOB_BATCH, this.options.stuckMs ?? this.options.leaseMs);
    for (const followed of await store.notify.finishUnfollowed(claimed)) {
      byPerson.set(followed.change.userId, [...(byPerson.get(followed.change.userId) ?? []), followed]);
    }
    // Every person's work settles before the pass ends (one failing must not leave others running
    // into the next pass, which could take a later change of theirs out of order).
    const settled = await Promise.allSettled(
      [...byPerson.values()].map(async (changes) => {
        for (const { handle, change } of changes) {
          if (this.stopped) return;
          const { jobs, ended } = fanOut(await fanOutInput(store, change, now(), this.options.defaultDebounceSeconds));
          await store.notify.finishChange(handle, jobs);
          for (const watch of ended) await store.notify.deleteWatch(watch.userId, watch.id);
        }
      }),
    );
    const failed = settled.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    for (const f of failed.slice(1)) if (!this.options.outage.failed(f.reason, this.options.pollMs)) this.options.log.error('notify: a change could not be turned into deliveries; it is taken again later', { error: String(f.reason) });
    if (failed[0]) throw failed[0].reason;
    let due = await store.notify.claimDue(now(), now() + this.options.leaseMs, batch);
    while (due.length > 0 && !this.stopped) {
      await Promise.all(due.map((leased) => deliver(leased, this.options).catch((err: unknown) => this.options.log.error('notify: a delivery failed unexpectedly', { error: String(err) }))));
      due = await store.notify.claimDue(now(), now() + this.options.leaseMs, batch);
    }
  }
}
