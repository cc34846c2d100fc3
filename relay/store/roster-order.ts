import type { UserRecord } from './store';

/** The roster's one order (by email), the same from both stores so pages are stable. */
export function byEmail(a: UserRecord, b: UserRecord): number {
  const x = a.email ?? '';
  const y = b.email ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}
