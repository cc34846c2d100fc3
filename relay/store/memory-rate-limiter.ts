import type { RateLimitResult } from './store';

interface Window {
  count: number;
  resetAt: number;
}

/** Sweep expired windows once the map holds this many keys, so idle clients do not leak. */
const SWEEP_AT = 10_000;

/**
 * Fixed-window counters for one process (the embedded store). The same semantics as the Redis
 * counter: the first hit opens a window of `windowMs`; hits past `limit` are denied until it ends.
 */
export class MemoryRateLimiter {
  private readonly windows = new Map<string, Window>();

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

  private sweep(now: number): void {
    for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
  }
}
