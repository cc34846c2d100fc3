import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../../relay/store/redis-keys';
import type { Store } from '../../../relay/store/store';
import { FakeReceiver } from '../../fakes/notify/receiver';
import { register, startRelayProcess, type RelayProcess } from '../../support/relay-process';
import { until } from '../../support/until';
import { clusterFactory, storeForBlock } from '../store-factories';
import { call, startNotifyRelay } from './notify-support';

/*
 * A relay process on a real cluster is killed (-9) between a status write and its move into
 * the notification queue: the master holding the queue's slot has its writes paused, so the
 * write's script (on the person's master) is done and its move cannot be. What the next relay's
 * sweep finds in the outbox reaches the receiver once.
 */
const factory = clusterFactory();

/** The `host:port` of the master serving `key`'s slot. */
async function masterOf(cluster: Cluster, key: string): Promise<string> {
  const slot = (await cluster.cluster('KEYSLOT', key)) as number;
  const range = (await cluster.cluster('SLOTS')).find(([from, to]) => slot >= from && slot <= to)!;
  const [host, port] = range[2]!;
  return `${host}:${port}`;
}

describe('kill -9 between a status write and its queue on a cluster', { timeout: 90_000 }, () => {
  let store: Store;
  let raw: Cluster;
  let relay: RelayProcess | null = null;
  const hook = new FakeReceiver(() => ({ status: 204 }));

  storeForBlock(factory, (opened) => (store = opened));
  beforeAll(async () => {
    raw = new Cluster(factory.cluster().nodes.map((n) => ({ host: n.split(':')[0]!, port: Number(n.split(':')[1]) })));
    await hook.start();
  });
  afterAll(async () => {
    await relay?.stop('SIGKILL');
    await raw?.quit();
    await hook.stop();
  });

  it('the notification waits in the outbox and the next relay delivers it, once', async () => {
    const notifyMaster = await masterOf(raw, keys.notifyQueue);
    // The write's own round trips must not need the paused master: the address limit's slot…
    expect(await masterOf(raw, 'ts:{rl:ip:127.0.0.1}')).not.toBe(notifyMaster);
    relay = await startRelayProcess({
      REDIS_CLUSTER_NODES: factory.cluster().env,
      PUBLIC_URL: 'https://status.example.test',
      RATE_LIMIT_PER_TOKEN: '100000',
      RATE_LIMIT_PER_IP: '100000',
      NOTIFY_ALLOW_PRIVATE_NETWORKS: 'true',
      NOTIFY_DEBOUNCE_SECONDS: '0',
      NOTIFY_POLL_MS: '100',
    });
    // …nor the person's (two in three land elsewhere).
    let ada = await register(relay.url);
    while ((await masterOf(raw, keys.user(ada.userId))) === notifyMaster) ada = await register(relay.url);
    const ch = await call(relay.url, 'POST', '/api/v1/me/channels', ada.token, { type: 'webhook', url: `${hook.url}/ada` });
    await call(relay.url, 'PUT', '/api/v1/me/rules', ada.token, { rules: [{ channelId: ch.json.id, when: 'busy' }] });

    const [host, port] = notifyMaster.split(':');
    const paused = new Redis({ host, port: Number(port) });
    try {
      await paused.call('CLIENT', 'PAUSE', '10000', 'WRITE');
      // Stored (the person's master answers); the move waits on the paused master until it times out.
      const busy = await call(relay.url, 'PUT', '/api/v1/me/sources/manual', ada.token, { observedAt: new Date().toISOString(), availability: 'Busy' });
      expect(busy.status).toBe(200);
      await relay.stop('SIGKILL');
      relay = null;
    } finally {
      await paused.call('CLIENT', 'UNPAUSE');
      await paused.quit();
    }
    expect((await store.getStatusRecord(ada.userId))!.last.availability).toBe('Busy');
    expect(await raw.xlen(keys.outbox(ada.userId))).toBe(1);
    expect(hook.requests).toHaveLength(0);

    // The next relay's first pass sweeps the outboxes.
    const next = await startNotifyRelay({}, { store });
    try {
      const [req] = await hook.waitFor(1, (r) => r.path === '/ada');
      expect(JSON.parse(req!.body.toString())).toMatchObject({ type: 'status.changed', status: { availability: 'Busy' } });
      await until(async () => (await store.notify.deliveries(String(ch.json.id), 10))[0]?.state === 'delivered', 'the delivery recorded');
      expect(await store.notify.sweepOutboxes()).toBe(0);
      expect(await raw.exists(keys.outbox(ada.userId))).toBe(0);
      expect(await store.notify.deliveries(String(ch.json.id), 10)).toHaveLength(1);
      expect(hook.requests.filter((r) => r.path === '/ada')).toHaveLength(1);
    } finally {
      await next.close();
    }
  });

  it('a move that failed while the queue’s master was away is tried again soon, not left to the sweep', async () => {
    const notifyMaster = await masterOf(raw, keys.notifyQueue);
    const own = await startRelayProcess({
      REDIS_CLUSTER_NODES: factory.cluster().env,
      PUBLIC_URL: 'https://status.example.test',
      RATE_LIMIT_PER_TOKEN: '100000',
      RATE_LIMIT_PER_IP: '100000',
      NOTIFY_ALLOW_PRIVATE_NETWORKS: 'true',
      NOTIFY_DEBOUNCE_SECONDS: '0',
      NOTIFY_POLL_MS: '100',
      // The sweep (at start, then hourly) cannot be what delivers it.
      NOTIFY_OUTBOX_SWEEP_MS: '3600000',
    });
    try {
      let bo = await register(own.url);
      while ((await masterOf(raw, keys.user(bo.userId))) === notifyMaster) bo = await register(own.url);
      const ch = await call(own.url, 'POST', '/api/v1/me/channels', bo.token, { type: 'webhook', url: `${hook.url}/bo` });
      await call(own.url, 'PUT', '/api/v1/me/rules', bo.token, { rules: [{ channelId: ch.json.id, when: 'busy' }] });
      const [host, port] = notifyMaster.split(':');
      const paused = new Redis({ host, port: Number(port) });
      try {
        // Longer than the store's 1 s command timeout: the writer's move fails.
        await paused.call('CLIENT', 'PAUSE', '2500', 'WRITE');
        const busy = await call(own.url, 'PUT', '/api/v1/me/sources/manual', bo.token, { observedAt: new Date().toISOString(), availability: 'Busy' });
        expect(busy.status).toBe(200);
      } finally {
        await paused.quit();
      }
      // No other write and no sweep: the writer's own retry moves it once the master is back.
      const [req] = await hook.waitFor(1, (r) => r.path === '/bo', 'the delivery after the retry', 30_000);
      expect(JSON.parse(req!.body.toString())).toMatchObject({ type: 'status.changed', status: { availability: 'Busy' } });
      await until(async () => (await raw.exists(keys.outbox(bo.userId))) === 0, 'the outbox emptied');
    } finally {
      await own.stop('SIGTERM');
    }
  });
});
