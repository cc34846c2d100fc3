import { Cluster } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyReport } from '../../../core';
import { keys } from '../../../relay/store/redis-keys';
import { MOVED_KEEP_MS, RedisOutbox, type OutboxEntry } from '../../../relay/store/redis-outbox';
import { defineScripts } from '../../../relay/store/redis-scripts';
import { RedisWrites } from '../../../relay/store/redis-writes';
import type { Store } from '../../../relay/store/store';
import { FakeReceiver } from '../../fakes/notify/receiver';
import { until } from '../../support/until';
import { clusterFactory, HISTORY_DAYS, storeForBlock } from '../store-factories';
import { makeUser, manual } from '../store-support';
import { call, person, startNotifyRelay } from './notify-support';

/*
 * On a cluster a status change's notification is written into the person's outbox by the write
 * itself and moved into the queue after it. A replica that dies in between is played by a
 * writer made of the store's own parts (the same write script on the same cluster) whose move
 * never runs, or whose move a test runs by hand at the moment it wants.
 */
const factory = clusterFactory();

describe('notifications through the outbox on a Redis Cluster', { timeout: 60_000 }, () => {
  let store: Store;
  let raw: Cluster;
  /** The write of a replica that dies right after its script: what it would have moved is kept here. */
  let crashed: RedisWrites;
  let left: OutboxEntry[] = [];
  let outbox: RedisOutbox;

  storeForBlock(factory, (opened) => (store = opened));
  beforeAll(async () => {
    raw = new Cluster(factory.cluster().nodes.map((n) => ({ host: n.split(':')[0]!, port: Number(n.split(':')[1]) })));
    crashed = new RedisWrites(raw, defineScripts(raw), HISTORY_DAYS * 86_400_000, {
      afterWrite: async (_userId, entries) => {
        left = [...entries];
      },
    });
    outbox = new RedisOutbox(raw, () => {}, Date.now);
  });
  afterAll(async () => {
    await raw?.quit();
  });
  beforeEach(async () => {
    for (const c of await store.notify.claimChanges('drain', 1000, 0)) await store.notify.finishChange(c.handle, []);
    left = [];
  });

  /** A status write whose move into the queue never happens (the replica died after the script). */
  async function crashingWrite(userId: string, availability: 'Busy' | 'Away', atMs: number): Promise<void> {
    const result = await crashed.changeStatus(userId, atMs, (record, tz) => applyReport(record, 'manual', manual(availability, atMs), atMs, tz));
    expect(result.applied).toBe(true);
  }

  it('a write whose move never ran keeps its notification in the outbox; the sweep queues it once', async () => {
    const user = makeUser();
    await store.createUser(user);
    const t0 = Date.now();
    await crashingWrite(user.userId, 'Busy', t0);
    expect((await store.getStatusRecord(user.userId))!.last.availability).toBe('Busy');
    expect(await store.notify.claimChanges('a', 10, 60_000)).toEqual([]);
    expect(await raw.xlen(keys.outbox(user.userId))).toBe(1);
    expect(await store.notify.sweepOutboxes()).toBe(1);
    const changes = await store.notify.claimChanges('a', 10, 60_000);
    expect(changes.map((c) => c.change)).toEqual([expect.objectContaining({ userId: user.userId, after: expect.objectContaining({ availability: 'Busy' }) })]);
    expect(await raw.exists(keys.outbox(user.userId))).toBe(0);
    expect(await store.notify.sweepOutboxes()).toBe(0);
  });

  it('the writer and a sweep moving the same entries, or a move repeated after a crash before the removal, queue each change once', async () => {
    const user = makeUser();
    await store.createUser(user);
    const t0 = Date.now();
    await crashingWrite(user.userId, 'Busy', t0);
    await crashingWrite(user.userId, 'Away', t0 + 1000);
    // The second write's script returned the whole outbox: both entries, the first one left by the "crash".
    expect(left.map(([id]) => id)).toHaveLength(2);
    const [writer, sweep] = await Promise.all([outbox.deliver(user.userId, left), store.notify.sweepOutboxes()]);
    expect(writer + sweep).toBe(2);
    // A late writer, and a crash between the move and the removal (the entries back as they were).
    expect(await outbox.deliver(user.userId, left)).toBe(0);
    for (const [id, fields] of left) await raw.xadd(keys.outbox(user.userId), id, ...fields);
    expect(await store.notify.sweepOutboxes()).toBe(0);
    expect(await raw.exists(keys.outbox(user.userId))).toBe(0);
    const changes = await store.notify.claimChanges('a', 10, 60_000);
    expect(changes.map((c) => c.change.after.availability)).toEqual(['Busy', 'Away']);
    // Later writes of the same person still go through.
    await store.applyReport(user.userId, 'manual', manual('Busy', t0 + 2000), t0 + 2000);
    expect((await store.notify.claimChanges('a', 10, 60_000)).map((c) => c.change.after.availability)).toEqual(['Busy']);
  });

  it('a person who is deleted takes their outbox with them', async () => {
    const user = makeUser();
    await store.createUser(user);
    await crashingWrite(user.userId, 'Busy', Date.now());
    expect(await raw.exists(keys.outbox(user.userId))).toBe(1);
    expect(await store.deleteUser(user.userId)).toBe(true);
    expect(await raw.exists(keys.outbox(user.userId))).toBe(0);
  });

  it('moved ids are remembered for MOVED_KEEP_MS, then let go by a later move', async () => {
    const user = makeUser();
    await store.createUser(user);
    const t0 = Date.now();
    await crashingWrite(user.userId, 'Busy', t0);
    const first = left;
    expect(await outbox.deliver(user.userId, first)).toBe(1);
    const firstId = (JSON.parse(first[0]![1][1]!) as { id: string }).id;
    expect(await raw.zscore(keys.notifyMoved, firstId)).not.toBeNull();
    await crashingWrite(user.userId, 'Away', t0 + 1000);
    const later = new RedisOutbox(raw, () => {}, () => Date.now() + MOVED_KEEP_MS + 1000);
    expect(await later.deliver(user.userId, left)).toBe(1);
    expect(await raw.zscore(keys.notifyMoved, firstId)).toBeNull();
    expect((await store.notify.claimChanges('a', 10, 60_000)).map((c) => c.change.after.availability)).toEqual(['Busy', 'Away']);
  });

  it('a relay that starts after a crash between write and queue delivers the notification, once', async () => {
    const hook = await new FakeReceiver(() => ({ status: 204 })).start();
    try {
      let relay = await startNotifyRelay({}, { store });
      const ada = await person(relay.url);
      const ch = await call(relay.url, 'POST', '/api/v1/me/channels', ada.token, { type: 'webhook', url: `${hook.url}/ada` });
      await call(relay.url, 'PUT', '/api/v1/me/rules', ada.token, { rules: [{ channelId: ch.json.id, when: 'busy' }] });
      await relay.close();
      await crashingWrite(ada.userId, 'Busy', Date.now());
      // The next relay's first pass sweeps the outboxes.
      relay = await startNotifyRelay({}, { store });
      try {
        const [req] = await hook.waitFor(1, (r) => r.path === '/ada');
        expect(JSON.parse(req!.body.toString())).toMatchObject({ type: 'status.changed', status: { availability: 'Busy' } });
        expect(await store.notify.sweepOutboxes()).toBe(0);
        const items = await until(async () => {
          const d = await call(relay.url, 'GET', `/api/v1/me/channels/${String(ch.json.id)}/deliveries`, ada.token);
          return d.json.items?.[0]?.state === 'delivered' ? d.json.items : null;
        }, 'the delivery recorded');
        expect(items).toHaveLength(1);
        expect(hook.requests.filter((r) => r.path === '/ada')).toHaveLength(1);
      } finally {
        await relay.close();
      }
    } finally {
      await hook.stop();
    }
  });
});
