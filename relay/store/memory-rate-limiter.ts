import type { RateLimitResult, SlidingWindow } from './store';

interface Window {
  count: number;
  resetAt: number;
}

/** Sweep expired windows once the map holds this many keys, so idle clients do not leak. */
const SWEEP_AT = 10_000;

/**
 * Fixed-window counters and sliding logs for one process (the embedded store). The same semantics as the Redis
 * counter: the first hit opens a window of `windowMs`; hits past `limit` are denied until it ends.
 */
export class MemoryRateLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly logs = new Map<string, number[]>();

  constructor(private readonly now: () => number) {}

  hit(key: string, limit: number, windowMs: number): RateLimitResult {
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      if (this.windows.size >= SWEEP_AT) this.sweep(now);
      w = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, w);
    }
    w.count += 1;
    if (w.count <= limit) return { allowed: true, retryAfterMs: 0 };
    return { allowed: false, retryAfterMs: Math.max(1, w.resetAt - now) };
  }

  /** Store.slidingLimit: the times of the places taken per key, kept as long as the longest window. */
  slide(key: string, windows: readonly SlidingWindow[]): RateLimitResult {
    const now = this.now();
    const longest = Math.max(1, ...windows.map((w) => w.windowMs));
    if (this.logs.size >= SWEEP_AT) this.sweep(now);
    const log = (this.logs.get(key) ?? []).filter((t) => t > now - longest);
    let wait = 0;
    for (const { limit, windowMs } of windows) {
      const inside = log.filter((t) => t > now - windowMs);
      if (inside.length >= limit) wait = Math.max(wait, inside[inside.length - limit]! + windowMs - now);
    }
    if (wait === 0) log.push(now);
    this.logs.set(key, log);
    return wait === 0 ? { allowed: true, retryAfterMs: 0 } : { allowed: false, retryAfterMs: Math.max(1, wait) };
  }

  private sweep(now: number): void {
    for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
    // A log whose newest place is an hour old counts for no window anyone uses.
    for (const [key, log] of this.logs) if ((log[log.length - 1] ?? 0) <= now - 3_600_000) this.logs.delete(key);
  }
}
