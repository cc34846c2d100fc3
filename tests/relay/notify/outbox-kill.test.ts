import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../../relay/store/redis-keys';
import type { Store } from '../../../relay/store/store';
import { FakeReceiver } from '../../fakes/notify/receiver';
import { LIFTED_LIMITS, register, type RelayProcess, startRelayProcess } from '../../support/relay-process';
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

  /** A relay process on the cluster, delivering at once to the local receiver. */
  const clusterRelay = (extra: Record<string, string> = {}) =>
    startRelayProcess({
      REDIS_CLUSTER_NODES: factory.cluster().env,
      PUBLIC_URL: 'https://status.example.test',
      ...LIFTED_LIMITS,
      NOTIFY_ALLOW_PRIVATE_NETWORKS: 'true',
      NOTIFY_DEBOUNCE_SECONDS: '0',
      NOTIFY_POLL_MS: '100',
      ...extra,
    });

  /** Someone whose own keys are not on the queue's master (two in three land elsewhere), with a webhook told when they are busy. */
  async function personAwayFrom(base: string, notifyMaster: string, path: string) {
    let who = await register(base);
    while ((await masterOf(raw, keys.user(who.userId))) === notifyMaster) who = await register(base);
    const ch = await call(base, 'POST', '/api/v1/me/channels', who.token, { type: 'webhook', url: `${hook.url}${path}` });
    await call(base, 'PUT', '/api/v1/me/rules', who.token, { rules: [{ channelId: ch.json.id, when: 'busy' }] });
    return { who, channelId: String(ch.json.id) };
  }

  /** Writes paused on the queue's master for `ms` (CLIENT PAUSE … WRITE), through a connection of its own. */
  function pauseWrites(notifyMaster: string, ms: number) {
    const [host, port] = notifyMaster.split(':');
    const paused = new Redis({ host, port: Number(port) });
    return {
      begin: () => paused.call('CLIENT', 'PAUSE', String(ms), 'WRITE'),
      /** Close the connection; `unpause`: lift the pause now rather than let it run out. */
      async end(unpause: boolean) {
        if (unpause) await paused.call('CLIENT', 'UNPAUSE');
        await paused.quit();
      },
    };
  }

  it('the notification waits in the outbox and the next relay delivers it, once', async () => {
    const notifyMaster = await masterOf(raw, keys.notifyQueue);
    // The write's own round trips must not need the paused master: the address limit's slot…
    expect(await masterOf(raw, 'ts:{rl:ip:127.0.0.1}')).not.toBe(notifyMaster);
    relay = await clusterRelay();
    // …nor the person's.
    const { who: ada, channelId } = await personAwayFrom(relay.url, notifyMaster, '/ada');

    const pause = pauseWrites(notifyMaster, 10_000);
    try {
      await pause.begin();
      // Stored (the person's master answers); the move waits on the paused master until it times out.
      const busy = await call(relay.url, 'PUT', '/api/v1/me/sources/manual', ada.token, { observedAt: new Date().toISOString(), availability: 'Busy' });
      expect(busy.status).toBe(200);
      await relay.stop('SIGKILL');
      relay = null;
    } finally {
      await pause.end(true);
    }
    expect((await store.getStatusRecord(ada.userId))!.last.availability).toBe('Busy');
    expect(await raw.xlen(keys.outbox(ada.userId))).toBe(1);
    expect(hook.requests).toHaveLength(0);

    // The next relay's first pass sweeps the outboxes.
    const next = await startNotifyRelay({}, { store });
    try {
      const [req] = await hook.waitFor(1, (r) => r.path === '/ada');
      expect(JSON.parse(req!.body.toString())).toMatchObject({ type: 'status.changed', status: { availability: 'Busy' } });
      await until(async () => (await store.notify.deliveries(channelId, 10))[0]?.state === 'delivered', 'the delivery recorded');
      expect(await store.notify.sweepOutboxes()).toBe(0);
      expect(await raw.exists(keys.outbox(ada.userId))).toBe(0);
      expect(await store.notify.deliveries(channelId, 10)).toHaveLength(1);
      expect(hook.requests.filter((r) => r.path === '/ada')).toHaveLength(1);
    } finally {
      await next.close();
    }
  });

  it('a move that failed while the queue’s master was away is tried again soon, not left to the sweep', async () => {
    const notifyMaster = await masterOf(raw, keys.notifyQueue);
    // The sweep (at start, then hourly) cannot be what delivers it.
    const own = await clusterRelay({ NOTIFY_OUTBOX_SWEEP_MS: '3600000' });
    try {
      const { who: bo } = await personAwayFrom(own.url, notifyMaster, '/bo');
      // Longer than the store's 1 s command timeout: the writer's move fails.
      const pause = pauseWrites(notifyMaster, 2_500);
      try {
        await pause.begin();
        const busy = await call(own.url, 'PUT', '/api/v1/me/sources/manual', bo.token, { observedAt: new Date().toISOString(), availability: 'Busy' });
        expect(busy.status).toBe(200);
      } finally {
        // Left to end by itself: the retry must find the master back on its own.
        await pause.end(false);
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
