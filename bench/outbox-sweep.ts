// Outbox sweep benchmark on a real three-master Redis Cluster: 10,000 people with a status each
// (so the keyspace a sweep walks is that of a real deployment), then the sweep's time with no
// outbox left behind and with 100 left by writes whose move never ran. Also prints the status
// write's time on the cluster, which now has the move (two more round trips) after its script.
import { Cluster } from 'ioredis';
import { applyReport } from '../core';
import { defineScripts } from '../relay/store/redis-scripts';
import { RedisStore } from '../relay/store/redis-store';
import { RedisWrites } from '../relay/store/redis-writes';
import { launch, outputOf, stopAll } from './launch';

const PEOPLE = 10_000;
const LEFT = 100;
const CONCURRENCY = 100;
const RUNS = 5;

// Started by the tests' own helper, in a process of its own (stopped at the end).
const clusterProcess = await launch(process.execPath, ['--import', 'tsx', 'tests/support/redis-cluster-process.ts'], {}, /cluster ready \S+/);
const nodes = /cluster ready (\S+)/.exec(outputOf(clusterProcess))![1]!.split(',');
const store = await RedisStore.connect({ clusterNodes: nodes, historyDays: 30, log: () => {} }, 15_000);
const raw = new Cluster(nodes.map((n) => ({ host: n.split(':')[0]!, port: Number(n.split(':')[1]) })));

async function pool(n: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < n) await task(next++);
  }));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

const ids = Array.from({ length: PEOPLE }, (_, i) => `bench-${i}`);
const now = Date.now();
await pool(PEOPLE, async (i) => {
  await store.createUser({ userId: ids[i]!, displayName: `Person ${i}`, email: null, avatarUrl: null, timeZone: null, tokenHash: 'x', shareId: `share-${i}`, shareLevel: 'basic', createdAt: new Date(now).toISOString() });
});
const writeMs: number[] = [];
const loadStart = performance.now();
await pool(PEOPLE, async (i) => {
  const t = performance.now();
  await store.applyReport(ids[i]!, 'manual', { observedAt: new Date(now).toISOString(), availability: 'Busy' }, now);
  writeMs.push(performance.now() - t);
});
const perSecond = PEOPLE / ((performance.now() - loadStart) / 1000);
// One at a time: the write's own latency, round trips and all.
const aloneMs: number[] = [];
for (let i = 0; i < 1000; i++) {
  const t = performance.now();
  await store.applyReport(ids[i]!, 'manual', { observedAt: new Date(now + 500).toISOString(), availability: i % 2 ? 'Away' : 'Available' }, now + 500);
  aloneMs.push(performance.now() - t);
}
let keysInCluster = 0;
for (const node of raw.nodes('master')) keysInCluster += await node.dbsize();

const sweep = async () => {
  const t = performance.now();
  const moved = await store.notify.sweepOutboxes();
  return { ms: performance.now() - t, moved };
};
const clean: number[] = [];
for (let r = 0; r < RUNS; r++) clean.push((await sweep()).ms);

// Writes of a replica that dies after the script: their notifications stay in the outboxes.
const crashed = new RedisWrites(raw, defineScripts(raw), 30 * 86_400_000, { afterWrite: async () => {} });
for (let i = 0; i < LEFT; i++) await crashed.changeStatus(ids[i]!, now + 1000, (rec, tz) => applyReport(rec, 'manual', { observedAt: new Date(now + 1000).toISOString(), availability: 'DoNotDisturb' }, now + 1000, tz));
const recovering = await sweep();

console.log(`outbox sweep, ${PEOPLE} people on 3 masters (${keysInCluster} keys in all)`);
console.log(`  status writes with their notification, ${CONCURRENCY} in flight: ${perSecond.toFixed(0)}/s, p50 ${median(writeMs).toFixed(1)} ms, p95 ${pct(writeMs, 0.95).toFixed(1)} ms`);
console.log(`  one at a time: p50 ${median(aloneMs).toFixed(2)} ms, p95 ${pct(aloneMs, 0.95).toFixed(2)} ms`);
console.log(`  sweep, nothing left: median ${median(clean).toFixed(1)} ms of ${RUNS} (${clean.map((m) => m.toFixed(0)).join(', ')})`);
console.log(`  sweep, ${LEFT} outboxes left: ${recovering.ms.toFixed(1)} ms, moved ${recovering.moved}`);

await raw.quit();
await store.close();
await stopAll();
