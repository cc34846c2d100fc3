import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../support/redis';
import { startRedisCluster, type TestRedisCluster } from '../support/redis-cluster';
import { LIFTED_LIMITS, putSource, register, type RelayProcess, startRelayProcess } from '../support/relay-process';
import { openSse } from '../support/sse-client';
import { until } from '../support/until';
import { keys } from '../../relay/store/redis-keys';
import { Redis } from 'ioredis';

const iso = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString();
const PER_TOKEN = 4;

/** Where the two replicas keep their state: one Redis, or a three-master Redis Cluster. */
interface Backend {
  name: string;
  start(): Promise<Record<string, string>>;
  dispose(): Promise<void>;
  /** Fault tests this backend adds (given the two running replicas). */
  faults?: (relays: () => { a: RelayProcess; b: RelayProcess }) => void;
}

function oneRedis(): Backend {
  let redis: TestRedis | null = null;
  return {
    name: 'one Redis',
    start: async () => ({ REDIS_URL: (redis = await startRedis()).url }),
    dispose: async () => redis?.dispose(),
  };
}

/** The `host:port` of the master serving a key's slot. */
async function masterOf(cluster: TestRedisCluster, key: string): Promise<string> {
  const [host, port] = cluster.nodes[1]!.split(':');
  const client = new Redis({ host, port: Number(port) });
  try {
    const slot = Number(await client.cluster('KEYSLOT', key));
    const owner = (await client.cluster('SLOTS')).find(([from, to]) => slot >= from && slot <= to)?.[2];
    return owner ? `${owner[0]}:${owner[1]}` : '';
  } finally {
    client.disconnect();
  }
}

function redisCluster(): Backend {
  let cluster: TestRedisCluster | null = null;
  return {
    name: 'a Redis Cluster',
    start: async () => ({ REDIS_CLUSTER_NODES: (cluster = await startRedisCluster()).env }),
    dispose: async () => cluster?.dispose(),
    faults: (relays) => {
      it('a master stops and comes back: streams on B carry on, and Last-Event-ID catches a client up', async () => {
        // Someone whose keys (their own and their share id's) are not on node 0, so their writes
        // and the reads of their share go on while node 0 is away.
        const dan = await until(async () => {
          const someone = await register(relays().a.url, { displayName: 'Dan' });
          const masters = await Promise.all([keys.user(someone.userId), keys.share(someone.share.id)].map((k) => masterOf(cluster!, k)));
          return masters.includes(cluster!.nodes[0]!) ? null : someone;
        }, 'a person whose keys are on the other masters');
        const sse = await openSse(`${relays().b.url}/api/v1/s/${dan.share.id}/events`);
        try {
          await sse.nextEvent();
          expect((await putSource(relays().a.url, dan.token, 'teams-web', { observedAt: iso(), call: { inCall: true } })).status).toBe(200);
          expect((await sse.nextEvent()).id).toBe('1');

          // Node 0 is where every replica's event subscription starts (the first seed).
          await cluster!.stopNode(0);
          const during = await until(async () => {
            const res = await putSource(relays().a.url, dan.token, 'teams-web', { observedAt: iso(1), call: null });
            return res.status === 200 ? ((await res.json()) as { status: { seq: number } }) : null;
          }, 'a write through A while node 0 is down', 30_000);
          // B's feed moved to another node: the event, or the re-read after its resync, reaches the stream.
          await until(async () => {
            const e = await sse.nextEvent(15_000);
            return Number(e.id) === during.status.seq ? e : null;
          }, 'the stream on B to show the write made while node 0 was down', 30_000);
          await cluster!.startNode(0);

          const after = await until(async () => {
            const res = await putSource(relays().a.url, dan.token, 'manual', { observedAt: iso(2), availability: 'DoNotDisturb' });
            return res.status === 200 ? ((await res.json()) as { status: { seq: number } }) : null;
          }, 'a write through A once the cluster is whole', 30_000);
          expect((await sse.nextEvent(15_000)).id).toBe(String(after.status.seq));

          // A viewer that saw seq 1 and reconnects is sent the current status at once…
          const behind = await openSse(`${relays().b.url}/api/v1/s/${dan.share.id}/events`, { 'Last-Event-ID': '1' });
          const caughtUp = await behind.nextEvent();
          expect(caughtUp.id).toBe(String(after.status.seq));
          expect(JSON.parse(caughtUp.data)).toMatchObject({ availability: 'DoNotDisturb' });
          behind.close();
          // …and one that is current gets nothing until the next change.
          const current = await openSse(`${relays().b.url}/api/v1/s/${dan.share.id}/events`, { 'Last-Event-ID': String(after.status.seq) });
          await expect(current.nextEvent(500)).rejects.toThrow(/no event/);
          current.close();
        } finally {
          sse.close();
        }
      });
    },
  };
}

describe.each([oneRedis(), redisCluster()])('two relay processes on $name', { timeout: 60_000 }, (backend) => {
  let a: RelayProcess;
  let b: RelayProcess;
  let env: Record<string, string>;

  beforeAll(async () => {
    // Limits out of the way: the fault tests write until the store answers, every 50 ms.
    env = { ...(await backend.start()), PUBLIC_URL: 'https://status.example.test', ...LIFTED_LIMITS };
    [a, b] = await Promise.all([startRelayProcess(env), startRelayProcess(env)]);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await backend.dispose();
  });

  it('a status PUT through A reaches an SSE subscriber on B', async () => {
    const ada = await register(a.url);
    const sse = await openSse(`${b.url}/api/v1/s/${ada.share.id}/events`);
    try {
      expect(JSON.parse((await sse.nextEvent()).data)).toMatchObject({ availability: 'Unknown', seq: 0 });
      expect((await putSource(a.url, ada.token, 'teams-web', { observedAt: iso(), call: { inCall: true } })).status).toBe(200);
      const event = await sse.nextEvent();
      expect(event.id).toBe('1');
      expect(JSON.parse(event.data)).toMatchObject({ availability: 'Busy', seq: 1 });
    } finally {
      sse.close();
    }
  });

  it('a share rotated on A is 404 on B at once, and B ends its streams for the old id', async () => {
    const bob = await register(b.url, { displayName: 'Bob' });
    const sse = await openSse(`${b.url}/api/v1/s/${bob.share.id}/events`);
    await sse.nextEvent();
    const rotated = await fetch(`${a.url}/api/v1/me/share`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bob.token}` },
      body: JSON.stringify({ rotate: true }),
    });
    const next = (await rotated.json()) as { id: string };
    expect((await fetch(`${b.url}/api/v1/s/${bob.share.id}`)).status).toBe(404);
    expect((await fetch(`${b.url}/api/v1/s/${next.id}`)).status).toBe(200);
    expect((await sse.nextEvent()).event).toBe('revoked');
    await sse.ended;
  });

  it('the per-token rate limit counts requests on both replicas together', async () => {
    // A pair of their own with a small limit, on the same store.
    const limited = { ...env, RATE_LIMIT_PER_TOKEN: String(PER_TOKEN) };
    const [la, lb] = await Promise.all([startRelayProcess(limited), startRelayProcess(limited)]);
    try {
      const cat = await register(la.url, { displayName: 'Cat' });
      const get = (url: string) => fetch(`${url}/api/v1/me/status`, { headers: { authorization: `Bearer ${cat.token}` } });
      const statuses: number[] = [];
      for (let i = 0; i < PER_TOKEN; i++) statuses.push((await get(i % 2 === 0 ? la.url : lb.url)).status);
      expect(statuses).toEqual(Array(PER_TOKEN).fill(200));
      const overA = await get(la.url);
      const overB = await get(lb.url);
      expect([overA.status, overB.status]).toEqual([429, 429]);
      expect(overB.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await Promise.all([la.stop(), lb.stop()]);
    }
  });

  backend.faults?.(() => ({ a, b }));

});
