import type { RateLimitResult, Store } from '../store/store';
import { HttpError } from './http-error';

/** Count one hit on `key`; over the limit → 429 with Retry-After in whole seconds. */
export async function enforceLimit(store: Store, key: string, limit: number, windowMs: number): Promise<void> {
  refuseOver(await store.rateLimit(key, limit, windowMs));
}

/** A counted hit that went over its limit → 429 with Retry-After in whole seconds. */
export function refuseOver(r: RateLimitResult): void {
  if (r.allowed) return;
  const seconds = Math.max(1, Math.ceil(r.retryAfterMs / 1000));
  throw new HttpError('rate_limited', `too many requests; retry in ${seconds} s`, undefined, { 'Retry-After': String(seconds) });
}
