import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../../relay/store/redis-store';
import { StoreUnavailableError, type Store } from '../../relay/store/store';
import { startRedis, type TestRedis } from '../support/redis';
import { HISTORY_DAYS } from './store-factories';
import { startFreezableProxy } from './store-tcp-proxy';
import { makeUser, manual, recordEvents } from './store-support';
import { until } from '../support/until';

const open = (url: string) => RedisStore.connect({ url, historyDays: HISTORY_DAYS, log: () => {} });

/** Every Store method once, against a user that exists while Redis is up. */
function everyCall(store: Store, userId: string, shareId: string): [string, () => Promise<unknown>][] {
  const now = Date.now();
  return [
    ['createUser', () => store.createUser(makeUser())],
    ['getUser', () => store.getUser(userId)],
    ['getUserByShareId', () => store.getUserByShareId(shareId)],
    ['listUsers', () => store.listUsers(0, 10)],
    ['countUsers', () => store.countUsers()],
    ['applyReport', () => store.applyReport(userId, 'manual', manual('Busy', now), now)],
    ['forgetSource', () => store.forgetSource(userId, 'manual', now)],
    ['getStatusRecord', () => store.getStatusRecord(userId)],
    ['getStatusRecords', () => store.getStatusRecords([userId])],
    ['updateShare', () => store.updateShare(userId, { level: 'detailed' })],
    ['deleteUser', () => store.deleteUser(userId)],
    ['history', () => store.history(userId, 0, now)],
    ['rateLimit', () => store.rateLimit(`faults:${userId}`, 5, 1000)],
    ['acquireLease', () => store.acquireLease(`faults:${userId}`, 'me', 1000)],
    ['releaseLease', () => store.releaseLease(`faults:${userId}`, 'me')],
    ['ping', () => store.ping()],
  ];
}

async function expectAllUnavailable(calls: [string, () => Promise<unknown>][]): Promise<void> {
  const outcomes = await Promise.all(calls.map(async ([name, call]) => [name, await call().then(() => 'resolved', (err: unknown) => err)] as const));
  for (const [name, outcome] of outcomes) {
    expect(outcome, `${name} should reject with StoreUnavailableError`).toBeInstanceOf(StoreUnavailableError);
  }
}

describe('Redis store under faults', () => {
  let redis: TestRedis;
  let a: RedisStore;
  let b: RedisStore;

  beforeAll(async () => {
    redis = await startRedis();
    a = await open(redis.url);
    b = await open(redis.url);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await redis?.dispose();
  });

  it('delivers an event written through one instance to the subscribers of another', async () => {
    const user = makeUser();
    await a.createUser(user);
    const onB = recordEvents(b);
    const now = Date.now();
    const result = await a.applyReport(user.userId, 'manual', manual('Busy', now), now);
    const event = await onB.next((e) => e.type === 'status' && e.userId === user.userId, 'status event on the other instance');
    onB.unsubscribe();
    expect(event).toMatchObject({ type: 'status', shareId: user.shareId, record: { seq: result.record.seq } });
  });

  it('rejects every call with StoreUnavailableError after close', async () => {
    const store = await open(redis.url);
    await store.close();
    await expectAllUnavailable(everyCall(store, 'u-closed', 'closed-share'));
  });

  it('loses no update when two instances race writes for one user (compare-and-set retries)', async () => {
    const user = makeUser();
    await a.createUser(user);
    const t0 = Date.now();
    const sources = ['manual', 'teams-local'] as const;
    const jobs = Array.from({ length: 60 }, (_, i) => {
      const source = sources[i % 2]!;
      const at = t0 + ((i * 7) % 60) * 1000;
      const report = source === 'manual' ? manual(i % 3 ? 'Busy' : 'Away', at) : { observedAt: new Date(at).toISOString(), call: i % 4 ? { inCall: true } : null };
      return { source, at, promise: (i % 2 ? a : b).applyReport(user.userId, source, report, at) };
    });
    // A share change from one instance in the middle of the status writes from both.
    const rotated = await a.updateShare(user.userId, { level: 'detailed', newShareId: makeUser().shareId });
    const results = await Promise.all(jobs.map((j) => j.promise));
    const record = await b.getStatusRecord(user.userId);
    expect(record?.seq).toBe(results.filter((r) => r.applied).length);
    for (const source of sources) {
      const newest = Math.max(...jobs.filter((j) => j.source === source).map((j) => j.at));
      expect(record?.reports[source]?.observedAt).toBe(new Date(newest).toISOString());
    }
    expect(await b.getUser(user.userId)).toEqual(rotated);
    const history = await a.history(user.userId, 0, t0 + 120_000);
    expect(history.length).toBe(results.filter((r) => r.history).length);
  });

  it('counts rate limits across instances', async () => {
    const key = `shared:${makeUser().userId}`;
    expect((await a.rateLimit(key, 2, 60_000)).allowed).toBe(true);
    expect((await b.rateLimit(key, 2, 60_000)).allowed).toBe(true);
    const third = await a.rateLimit(key, 2, 60_000);
    expect(third.allowed).toBe(false);
    expect(third.retryAfterMs).toBeGreaterThan(0);
  });

  it('rejects every call with StoreUnavailableError while Redis is down, then recovers by itself', async () => {
    const user = makeUser();
    await a.createUser(user);
    await redis.stop();
    try {
      await expectAllUnavailable(everyCall(a, user.userId, user.shareId));
    } finally {
      await redis.start();
    }
    await until(() => a.ping().then(() => true), 'the same store to answer ping after Redis returned');
    const now = Date.now();
    const applied = await a.applyReport(user.userId, 'manual', manual('Away', now), now);
    expect(applied.applied).toBe(true);
    expect((await a.getStatusRecord(user.userId))?.seq).toBe(applied.record.seq);
  });

  it('still fans events out across instances after Redis restarts', async () => {
    await redis.stop();
    await redis.start();
    await until(() => Promise.all([a.ping(), b.ping()]).then(() => true), 'both stores to resubscribe');
    const user = makeUser();
    await b.createUser(user);
    const onA = recordEvents(a);
    const now = Date.now();
    await b.applyReport(user.userId, 'manual', manual('DoNotDisturb', now), now);
    await b.updateShare(user.userId, { newShareId: makeUser().shareId });
    await onA.next((e) => e.type === 'status' && e.userId === user.userId, 'status event after the restart');
    await onA.next((e) => e.type === 'share-revoked' && e.shareId === user.shareId, 'share-revoked event after the restart');
    onA.unsubscribe();
  });

  it('gives up on a Redis that stops answering instead of hanging, and carries on when it answers again', async () => {
    const proxy = await startFreezableProxy(redis.port);
    const store = await open(proxy.url);
    try {
      const user = makeUser();
      await store.createUser(user);
      proxy.freeze();
      await expectAllUnavailable(everyCall(store, user.userId, user.shareId).filter(([name]) => name !== 'createUser'));
      proxy.thaw();
      await until(() => store.ping().then(() => true), 'ping through the thawed proxy');
      expect((await store.getUser(user.userId))?.userId).toBe(user.userId);
    } finally {
      await store.close();
      await proxy.close();
    }
  });

  it('abandons a connection that went silent and reconnects without outside help', async () => {
    const proxy = await startFreezableProxy(redis.port);
    const store = await open(proxy.url);
    try {
      const user = makeUser();
      await store.createUser(user);
      proxy.freezeOpenConnections();
      await expect(store.getUser(user.userId)).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
      // Never thawed: only fresh connections can answer now.
      await until(() => store.ping().then(() => true), 'ping over fresh connections');
      expect((await store.getUser(user.userId))?.userId).toBe(user.userId);
      const onStore = recordEvents(store);
      const now = Date.now();
      await store.applyReport(user.userId, 'manual', manual('Busy', now), now);
      await onStore.next((e) => 'userId' in e && e.userId === user.userId, 'an event over the fresh subscriber connection');
      onStore.unsubscribe();
    } finally {
      await store.close();
      await proxy.close();
    }
  });
});
