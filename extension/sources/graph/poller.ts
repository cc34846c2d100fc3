import type { SourceContext } from '../source';
import type { MicrosoftAccount } from './account';
import { graphFailure } from './graph-client';

/** First retry after an error, doubling up to the cap (on top of any Retry-After). */
const BACKOFF_FIRST_MS = 30_000;
const BACKOFF_MAX_MS = 10 * 60_000;

/**
 * Runs one Graph read on a schedule while the person is signed in: on an alarm (which wakes a
 * stopped worker) plus a timer while awake (alarms are clamped to 30 s). Failures back off,
 * never sooner than Graph's Retry-After; success returns to the normal interval. The alarm is
 * `<source id>:poll`, so the worker routes it back here.
 *
 * A read still on its way when polling stops (the person signed out, the source stopped) is
 * dropped when it lands: kept, it would bring back the report the sign-out just withdrew and
 * the worker would send it to the relay again, as if the person were still signed in.
 */
export class GraphPoller {
  problem: string | null = null;
  lastOkAt: number | null = null;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private dueAt = 0;
  private running: { generation: number; done: Promise<void> } | null = null;
  private active = false;
  /** Bumped at every stop, so a read begun before it knows it no longer counts. */
  private generation = 0;

  constructor(
    private readonly opts: {
      context: SourceContext;
      account: MicrosoftAccount;
      intervalMs: number;
      /** Which permission the read needs, for the 403 words. */
      permission: string;
      /** Fetch, without touching the source's state: the returned function keeps the answer. */
      read(): Promise<() => void>;
      changed(): void;
    },
  ) {}

  /** Start polling now (signed in) or stop (signed out / source stopped). */
  setActive(active: boolean): void {
    if (active) {
      this.active = true;
      void this.runNow();
    } else {
      this.halt();
      this.problem = null;
      this.failures = 0;
    }
  }

  /**
   * Poll while the account is signed in, from now on. `signedOut` runs at every sign-out, read
   * yet or not (after a worker restart the relay and the status book still hold the last run's
   * report while this run's first read is on its way), then `changed`.
   */
  followAccount(signedOut: () => void): void {
    const { account } = this.opts;
    let wasSignedIn = account.view().signedIn;
    account.onChange(() => {
      const signedIn = account.view().signedIn;
      if (wasSignedIn && !signedIn) signedOut();
      wasSignedIn = signedIn;
      this.setActive(signedIn);
      this.opts.changed();
    });
    if (wasSignedIn) this.setActive(true);
  }

  private halt(): void {
    this.generation++;
    this.active = false;
    this.dueAt = 0;
    clearTimeout(this.timer);
    this.opts.context.alarms.clear('poll');
  }

  /** Schedule the next read (also used for block boundaries: the sooner wins). */
  at(whenMs: number): void {
    if (!this.active) return;
    const now = this.opts.context.now();
    if (this.dueAt > now && this.dueAt <= whenMs) return;
    this.dueAt = whenMs;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.runNow(), Math.max(0, whenMs - now));
    this.opts.context.alarms.set('poll', Math.max(whenMs, now + 30_000));
  }

  /** An alarm fired, or the popup opened: read unless one ran moments ago. */
  async due(force = false): Promise<void> {
    const now = this.opts.context.now();
    if (force ? this.lastOkAt !== null && now - this.lastOkAt < 5_000 : now < this.dueAt - 1_000) return;
    await this.runNow();
  }

  runNow(): Promise<void> {
    if (!this.active) return Promise.resolve();
    // A read left over from before a stop is not joined: it will be dropped, so start afresh.
    if (this.running?.generation !== this.generation) {
      const generation = this.generation;
      const done = this.once(generation).finally(() => {
        if (this.running?.generation === generation) this.running = null;
      });
      this.running = { generation, done };
    }
    return this.running.done;
  }

  private async once(generation: number): Promise<void> {
    const { context, account } = this.opts;
    const stopped = () => generation !== this.generation;
    this.dueAt = 0;
    try {
      const keep = await this.opts.read();
      if (stopped()) return;
      keep();
      this.failures = 0;
      this.problem = null;
      this.lastOkAt = context.now();
      this.at(context.now() + this.opts.intervalMs);
    } catch (err) {
      if (stopped()) return;
      const f = graphFailure(err, new URL(account.graphBase).host, this.opts.permission);
      this.problem = f.words;
      context.log(f.words);
      if (f.needsSignIn) this.halt();
      else {
        this.failures++;
        const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** (this.failures - 1));
        this.at(context.now() + Math.max(backoff, f.retryAfterMs ?? 0));
      }
    }
    this.opts.changed();
  }
}
