/** Answers worth trying again: the receiver is busy or broken for now, not refusing for good. */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 425, 429, 500, 502, 503, 504]);

/** Seconds or an HTTP date, as Retry-After may say; null when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, nowMs: number): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/**
 * When to try again after `attempts` failures: exponential from `baseMs`, capped at `maxMs`,
 * with "equal jitter" (half fixed, half random) so many failed deliveries do not return in step;
 * never sooner than the receiver's Retry-After (itself capped at `maxMs`).
 */
export function nextAttemptDelay(attempts: number, options: { baseMs: number; maxMs: number; retryAfterMs: number | null; random?: () => number }): number {
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempts - 1));
  const jittered = exp / 2 + (options.random ?? Math.random)() * (exp / 2);
  return Math.min(options.maxMs, Math.max(jittered, options.retryAfterMs ?? 0));
}
