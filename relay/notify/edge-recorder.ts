import type { StatusRecord } from '../../core';
import type { Logger } from '../http/deps';
import type { StoreOutageLog } from '../store/outage-log';
import { UnknownUserError, type Store } from '../store/store';

/** People read per round at start and after a resync. */
const PAGE = 1000;
const MAX_TIMER_MS = 2 ** 31 - 1;
/** A few ms past the edge, so the resolver is on its far side (as the SSE hub does). */
const PAST_EDGE_MS = 5;

export interface EdgeRecorderOptions {
  log: Logger;
  /** Store outages are logged through it (once per outage), other failures each time. */
  outage: StoreOutageLog;
  now: () => number;
  /** After a failed write or read, try again this much later. */
  retryMs: number;
}

/**
 * Writes down the edges people's statuses cross without a report (a status set "until" a time
 * ends, a source going stale) when they happen, through Store.crossEdges, so that they feed
 * history and the notification queue like any other change: a watch "when Ada is free" fires
 * when her "Busy until 11:00" ends. Every replica runs one. It knows each person's next edge
 * from the store (every record read at start and after a resync, then each status event), and
 * at that instant asks the store to write it. When several replicas do so for the same edge,
 * the store's compare-and-set lets one write change the record; the others find nothing left
 * to cross and write nothing, so one change is queued, once.
 */
export class EdgeRecorder {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private unsubscribe: (() => void)[] = [];
  private stopped = false;
  private loadTimer: NodeJS.Timeout | null = null;
  /** A full read under way, and whether another was asked for meanwhile (one more pass, not one per ask). */
  private loading: Promise<void> | null = null;
  private loadAgain = false;

  constructor(
    private readonly store: Store,
    private readonly options: EdgeRecorderOptions,
  ) {}

  start(): void {
    this.unsubscribe = [
      this.store.subscribe((event) => {
        if (event.type === 'status') this.plan(event.userId, event.record);
        else if (event.type === 'user-deleted') this.cancel(event.userId);
      }),
      // Events may have been missed: read everyone again.
      this.store.onResync(() => this.reload()),
    ];
    this.reload();
  }

  /** Read everyone again: now, or right after the read under way (a resync during a read). */
  private reload(): void {
    if (this.stopped) return;
    if (this.loading) {
      this.loadAgain = true;
      return;
    }
    if (this.loadTimer) clearTimeout(this.loadTimer);
    this.loadTimer = null;
    this.loading = this.load().finally(() => {
      this.loading = null;
      if (this.loadAgain) {
        this.loadAgain = false;
        this.reload();
      }
    });
    this.track(this.loading);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const off of this.unsubscribe) off();
    if (this.loadTimer) clearTimeout(this.loadTimer);
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.all([...this.inFlight]);
  }

  /** People whose next edge is scheduled on this replica. */
  get scheduled(): number {
    return this.timers.size;
  }

  private async load(): Promise<void> {
    try {
      for (let offset = 0; !this.stopped; offset += PAGE) {
        const users = await this.store.listUsers(offset, PAGE);
        const records = await this.store.getStatusRecords(users.map((u) => u.userId));
        users.forEach((u, i) => this.plan(u.userId, records[i] ?? null));
        if (users.length < PAGE) break;
      }
      this.options.outage.answered();
    } catch (err) {
      if (!this.options.outage.failed(err, this.options.retryMs)) this.options.log.error('notify: could not read the statuses whose edges to write; trying again shortly', { error: String(err) });
      if (this.stopped) return;
      if (this.loadTimer) clearTimeout(this.loadTimer);
      this.loadTimer = setTimeout(() => this.reload(), this.options.retryMs);
      this.loadTimer.unref();
    }
  }

  /** Replace the person's timer with one at the record's next edge (none: nothing will change by itself). */
  private plan(userId: string, record: StatusRecord | null): void {
    this.cancel(userId);
    const edge = record?.last.nextChangeAt;
    if (this.stopped || !edge) return;
    this.at(userId, Date.parse(edge) - this.options.now() + PAST_EDGE_MS);
  }

  private at(userId: string, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(userId);
      this.track(this.write(userId));
    }, Math.min(Math.max(delayMs, 0), MAX_TIMER_MS));
    timer.unref();
    this.timers.set(userId, timer);
  }

  private cancel(userId: string): void {
    const timer = this.timers.get(userId);
    if (timer) clearTimeout(timer);
    this.timers.delete(userId);
  }

  private async write(userId: string): Promise<void> {
    if (this.stopped) return;
    try {
      const result = await this.store.crossEdges(userId, this.options.now());
      // Written here or by another replica (whose status event plans it too): on to the next edge.
      if (!this.timers.has(userId)) this.plan(userId, result.record);
      this.options.outage.answered();
    } catch (err) {
      if (err instanceof UnknownUserError || this.stopped) return;
      if (!this.options.outage.failed(err, this.options.retryMs)) this.options.log.error('notify: could not write a status edge; trying again shortly', { userId, error: String(err) });
      if (!this.timers.has(userId)) this.at(userId, this.options.retryMs);
    }
  }

  private track(task: Promise<void>): void {
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
  }
}
