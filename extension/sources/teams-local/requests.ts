import { TeamsLocalError } from './errors';
import type { Clock, TimerHandle } from './runtime';

interface Pending {
  what: string;
  resolve: () => void;
  reject: (err: TeamsLocalError) => void;
  timer: TimerHandle;
}

/** Commands in flight, matched to Teams' acks and errors by requestId. */
export class PendingRequests {
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly clock: Clock) {}

  /** Register requestId; the promise settles on ack/error, or rejects after timeoutMs. */
  track(requestId: number, what: string, timeoutMs: number, timeoutMessage: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        this.pending.delete(requestId);
        reject(new TeamsLocalError('timeout', timeoutMessage));
      }, timeoutMs);
      this.pending.set(requestId, { what, resolve, reject, timer });
    });
  }

  /** True when the id belonged to a command in flight. */
  ack(requestId: number): boolean {
    const entry = this.take(requestId);
    entry?.resolve();
    return entry !== undefined;
  }

  fail(requestId: number, teamsMessage: string): boolean {
    const entry = this.take(requestId);
    entry?.reject(new TeamsLocalError('rejected', `Teams refused ${entry.what}: ${teamsMessage}`));
    return entry !== undefined;
  }

  has(requestId: number): boolean {
    return this.pending.has(requestId);
  }

  /** The socket went away: nothing in flight will be answered. */
  rejectAll(message: string): void {
    for (const id of [...this.pending.keys()]) this.take(id)?.reject(new TeamsLocalError('closed', message));
  }

  private take(requestId: number): Pending | undefined {
    const entry = this.pending.get(requestId);
    if (!entry) return undefined;
    this.pending.delete(requestId);
    this.clock.clearTimeout(entry.timer);
    return entry;
  }
}
