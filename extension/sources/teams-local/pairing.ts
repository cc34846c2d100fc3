import type { TeamsLocalError } from './errors';
import type { Clock, TimerHandle } from './runtime';

/** The one pair request in flight: its promise, its timeout, and its (possibly late) ack. */
export class PairingRequest {
  private pending: { requestId: number; resolve: () => void; reject: (err: TeamsLocalError) => void; timer: TimerHandle } | null = null;
  /** Teams sends the token before the ack (as captured), so the ack may come after we finished. */
  private ackId: number | null = null;

  constructor(private readonly clock: Clock) {}

  get active(): boolean {
    return this.pending !== null;
  }

  begin(requestId: number, timeoutMs: number, onTimeout: () => void): Promise<void> {
    this.ackId = requestId;
    return new Promise<void>((resolve, reject) => {
      const timer = this.clock.setTimeout(onTimeout, timeoutMs);
      this.pending = { requestId, resolve, reject, timer };
    });
  }

  /** True for the pair request's id (pending or just finished): its ack is expected. */
  owns(requestId: number): boolean {
    return this.pending?.requestId === requestId || this.ackId === requestId;
  }

  isPending(requestId: number): boolean {
    return this.pending?.requestId === requestId;
  }

  /** Settle the pending request; false when there was none. */
  finish(error: TeamsLocalError | null): boolean {
    const pending = this.pending;
    if (!pending) return false;
    this.pending = null;
    this.clock.clearTimeout(pending.timer);
    if (error) pending.reject(error);
    else pending.resolve();
    return true;
  }

  /** The connection is gone: fail what is pending and forget the ack. */
  reset(error: TeamsLocalError): void {
    this.finish(error);
    this.ackId = null;
  }
}
