/** Reconnect delays while Teams is absent: 1 s doubling to a 60 s ceiling. */
export const BACKOFF_FIRST_MS = 1_000;
export const BACKOFF_MAX_MS = 60_000;

/** Delay before reconnect attempt number `failures` (0 = first retry). */
export function backoffDelay(failures: number): number {
  const exponent = Math.min(Math.max(failures, 0), 16);
  return Math.min(BACKOFF_FIRST_MS * 2 ** exponent, BACKOFF_MAX_MS);
}
