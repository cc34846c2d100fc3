import { ReplyError } from 'ioredis';
import type { Logger } from '../http/deps';
import { StoreContentionError, StoreUnavailableError } from './store';

/**
 * Whether a failure means the store could not be reached (refused, closed, timed out), not that
 * it answered: with an error of its own (a script's error, OOM, READONLY after a failover), with
 * a value that could not be read, or with records other writers kept changing. Those are the calling loop's to log, each time, with its context.
 */
function unreachable(err: unknown): boolean {
  if (!(err instanceof StoreUnavailableError) || err instanceof StoreContentionError) return false;
  const cause: unknown = err.cause;
  return !(cause instanceof ReplyError || cause instanceof SyntaxError);
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`;
}

/**
 * The rule for background loops (delivery passes, the edge recorder, job ticks) meeting a store
 * that does not answer: they retry on their own timers, so an outage would otherwise print a
 * line per attempt, burying the one thing an operator needs — that the store is away, and when
 * it is back. One instance per relay, shared by every loop: the first failure of an outage is
 * logged, in words; later ones are not, until some store call answers again, which is logged
 * once. Any other error is the caller's to log, every time.
 */
export class StoreOutageLog {
  private down = false;

  constructor(
    private readonly log: Logger,
    /** e.g. "Redis at 127.0.0.1:6379" (Store.place). */
    private readonly place: string,
  ) {}

  /** Whether the relay's loops currently see the store as away. */
  get unavailable(): boolean {
    return this.down;
  }

  /**
   * Note a loop's failure. True when it was the store out of reach (logged when the outage
   * starts, silent after); false when it was anything else, which the caller logs itself.
   */
  failed(err: unknown, retryMs: number): boolean {
    if (!unreachable(err)) return false;
    if (this.down) return true;
    this.down = true;
    this.log.error(`the store is unavailable (${this.place} did not answer); retrying every ${seconds(retryMs)} — further failures are not logged until it answers again`, { error: String(err) });
    return true;
  }

  /** A loop's store calls answered: an outage under way is over. */
  answered(): void {
    if (!this.down) return;
    this.down = false;
    this.log.info(`the store answers again (${this.place}); background work resumes`);
  }
}
