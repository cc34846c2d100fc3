import { randomBytes, randomUUID } from 'node:crypto';
import type { ManualReport, TeamsReport } from '../../core';
import type { Store, StoreEvent, UserRecord } from '../../relay/store/store';

/** A fresh user with unique ids, so tests sharing one store never collide. */
export function makeUser(overrides: Partial<UserRecord> = {}): UserRecord {
  return {
    userId: `u-${randomUUID()}`,
    displayName: 'Ada Lovelace',
    email: 'ada@example.com',
    avatarUrl: null,
    timeZone: 'Europe/London',
    tokenHash: randomBytes(32).toString('hex'),
    shareId: randomBytes(16).toString('base64url'),
    shareLevel: 'basic',
    createdAt: new Date().toISOString(),
    ...overrides,
  };
}

export const iso = (ms: number): string => new Date(ms).toISOString();

export function manual(availability: ManualReport['availability'], observedAtMs: number): ManualReport {
  return { observedAt: iso(observedAtMs), availability };
}

export function teams(inCall: boolean, observedAtMs: number): TeamsReport {
  return { observedAt: iso(observedAtMs), call: inCall ? { inCall: true } : null };
}

/** Records a store's events and lets a test await one that matches. */
export function recordEvents(store: Store) {
  const events: StoreEvent[] = [];
  const waiters: { match: (e: StoreEvent) => boolean; resolve: (e: StoreEvent) => void }[] = [];
  const unsubscribe = store.subscribe((event) => {
    events.push(event);
    for (const w of [...waiters]) {
      if (w.match(event)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(event);
      }
    }
  });
  return {
    events,
    unsubscribe,
    next(match: (e: StoreEvent) => boolean, what = 'a store event', timeoutMs = 10_000): Promise<StoreEvent> {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ match, resolve: (e) => (clearTimeout(timer), resolve(e)) });
      });
    },
  };
}
