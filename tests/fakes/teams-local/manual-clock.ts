import type { Clock } from '../../../extension/sources/teams-local';

interface Timer {
  id: number;
  at: number;
  ms: number;
  fn: () => void;
}

/** A clock that moves only when the test says so; records every delay it was asked for. */
export class ManualClock implements Clock {
  private time = 0;
  private nextId = 1;
  private timers: Timer[] = [];
  /** Every setTimeout delay, in order (for back-off assertions). */
  readonly requested: number[] = [];

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const timer = { id: this.nextId++, at: this.time + ms, ms, fn };
    this.timers.push(timer);
    this.requested.push(ms);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Delays of the timers still pending. */
  pending(): number[] {
    return this.timers.map((t) => t.ms);
  }

  /** Run every timer due within `ms`, in time order (timers added meanwhile included). */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.at;
      due.fn();
    }
    this.time = end;
  }
}
