// Relay benchmark: authenticated status writes against the relay on a private Redis, beside a
// bare node:http server (the machine's ceiling), a one-Lua-write handler (the floor any
// status write costs) and a handler making only the relay's two round trips (read, then
// compare-and-set) in the same run, and the relay as one process per core (RELAY_WORKERS);
// store calls per write, counted by the relay's own
// metrics; the same on a three-master Redis Cluster; one update reaching 1,000 … 100,000 SSE
// viewers with the relay's memory per stream; two replicas behind one address. Numbers, not
// pass/fail. Everything is on loopback and stops when the run ends.
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fdLimits, mayRaiseHardLimit, raiseFdLimit } from '../scripts/start/fd-limit';
import { fanOut, streamsAllowed, type RelayTarget } from './fan-out';
import { fanOutH2 } from './fan-out-h2';
import { freePort } from './free-port';
import { launch, launchRelay, outputOf, stopAll, stopOne } from './launch';
import { replicas } from './replicas';
import { load, PEOPLE, registerPeople, SECONDS, type Row } from './write-load';

const LEVELS = [1, 10, 50];
const FLOOR = 'one Lua write';
/** The relay's two round trips (read the person, then compare-and-set) with nothing else: bench/floor-server.ts. */
const TWO_TRIPS = 'two round trips';
/** One replica as a process per core (RELAY_WORKERS), beside the one-process relay; on one core there is no such row. */
const WORKERS = availableParallelism();
/** `npm run bench:relay -- writes`: only the write rows on one Redis (about 50 s). */
const WRITES_ONLY = process.argv.includes('writes');
/**
 * BENCH_CPU_PROF=<dir>: the measured relay writes its V8 CPU profile there when it stops (open it
 * in Chrome DevTools or speedscope); a process of its own, so the load generator is not in it.
 */
const PROFILE = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
const cpuCell = (r: Row) => (r.cpuUs ? `${Math.round(r.cpuUs.server)}${r.cpuUs.redis === undefined ? '' : ` / ${Math.round(r.cpuUs.redis)}`}` : '');
const FANOUT = [1_000, 10_000, 100_000];
/** The connection guards' defaults are for the open internet; the fan-out rows lift them (loopback only). */
const MANY_VIEWERS = { MAX_STREAMS_PER_IP: '1000000', MAX_PENDING_PER_IP: '1000000', MAX_CONNECTIONS: '1000000' };
const load1 = () => loadavg()[0]?.toFixed(1) ?? '?';
/** Descriptors the largest row needs in one process (its streams, Redis, listeners), asked for up front. */
const FDS_WANTED = 120_000;
/** `npm run bench:relay -- fan-out`: only the SSE rows (the largest takes a few minutes on its own). */
const FAN_OUT_ONLY = process.argv.includes('fan-out');
/** `npm run bench:relay -- fan-out-h2c`: only the rows over HTTP/2 (h2c) into one relay process. */
const H2C_ONLY = process.argv.includes('fan-out-h2c');
/** Viewer processes of the h2c rows: enough that the viewers are not what is measured, few enough for 2 CPUs. */
const H2C_PROCESSES = 4;

function table(rows: Row[]): void {
  console.log('| target | connections | writes/s | p50 ms | p99 ms | errors | relay / bare | relay / floor | relay / two-trip floor | store calls per write | CPU µs per request: server / Redis |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const same = (t: string) => rows.find((x) => x.target === t && x.connections === r.connections);
    const pct = (other: Row | undefined) => (r.storeCalls !== undefined && other ? `${((r.rps / other.rps) * 100).toFixed(1)} %` : '');
    console.log(`| ${r.target} | ${r.connections} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${r.errors} | ${pct(same('bare node:http'))} | ${pct(same(FLOOR))} | ${pct(same(TWO_TRIPS))} | ${r.storeCalls?.toFixed(2) ?? ''} | ${cpuCell(r)} |`);
  }
}

async function fanOutRows(base: string, relayPid: number, redisEnv: Record<string, string>): Promise<void> {
  const one: RelayTarget[] = [{ base, pid: relayPid }];
  const limits = fdLimits();
  const allowed = streamsAllowed(limits ? limits.hard : null);
  console.log(`\nOne update to every SSE viewer of a share (PUT sent → last viewer has the event); viewers in processes of 10,000 on their own loopback addresses; file-descriptor limit ${limits ? `${limits.soft} soft / ${limits.hard} hard` : 'unknown'}, load average ${load1()}\n`);
  console.log('| viewers | time ms | relay MB per stream | relay RSS MB | load |');
  console.log('|---:|---:|---:|---:|---:|');
  for (const n of FANOUT) {
    if (allowed !== null && n > allowed) {
      const why = mayRaiseHardLimit() ? 'the kernel allows no more (fs.nr_open)' : `this process may not raise it (${process.getuid?.() === 0 ? 'root, but without CAP_SYS_RESOURCE: a container that dropped it' : 'not root'}; raise it outside: ulimit -Hn, systemd LimitNOFILE, docker --ulimit)`;
      console.log(`| ${n} | not run: the hard file-descriptor limit is ${limits!.hard} and ${why} (docs/deploy.md) | | | ${load1()} |`);
      continue;
    }
    const r = await fanOut(one, n);
    console.log(`| ${n} | ${r.ms.toFixed(1)} | ${r.mbPerStream.toFixed(4)} | ${Math.round(r.rssMb)} | ${load1()} |`);
  }
  if (allowed !== null && allowed < FANOUT[FANOUT.length - 1]!) {
    const n = Math.floor(allowed / 1000) * 1000;
    const r = await fanOut(one, n);
    console.log(`| ${n} (the most this limit allows) | ${r.ms.toFixed(1)} | ${r.mbPerStream.toFixed(4)} | ${Math.round(r.rssMb)} | ${load1()} |`);
    // The update still has to reach 100,000: as many relays on this Redis as the limit needs.
    const total = FANOUT[FANOUT.length - 1]!;
    const perProcess = 5_000;
    const count = Math.ceil(total / (Math.floor(allowed / perProcess) * perProcess));
    const more = [...one];
    for (let i = 1; i < count; i++) {
      const port = await freePort();
      more.push({ base: `http://127.0.0.1:${port}`, pid: (await launchRelay(port, { ...redisEnv, ...MANY_VIEWERS })).pid! });
    }
    const spread = await fanOut(more, total, perProcess);
    console.log(`| ${total} on ${count} relay processes of one Redis | ${spread.ms.toFixed(1)} | ${spread.mbPerStream.toFixed(4)} | ${Math.round(spread.rssMb)} (all) | ${load1()} |`);
    if (spread.reconnects) console.log(`\n${spread.reconnects} streams were ended by a busy relay and reopened with Last-Event-ID before the update reached them.`);
  }
}

async function h2cRows(redisEnv: Record<string, string>): Promise<void> {
  console.log(`\nThe same update over HTTP/2 with prior knowledge (h2c), every viewer in ONE relay process: viewers in ${H2C_PROCESSES} processes, 250 streams per connection (as a proxy in front would multiplex them); a fresh relay per row with SSE_HEARTBEAT_MS=10000; ${cpus().length} CPU(s), load average ${load1()}\n`);
  console.log('| viewers | connections | opened in s | time ms | relay MB per stream | relay heap KB per stream | relay RSS MB | relay timers, no stream → all open | timer callbacks per 20 s, no stream → all open | relay CPU ms per heartbeat | reopened | load |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const n of FANOUT) {
    const r = await fanOutH2(redisEnv, n, H2C_PROCESSES);
    console.log(`| ${n} | ${r.connections} | ${r.openS.toFixed(1)} | ${r.ms.toFixed(1)} | ${r.mbPerStream.toFixed(4)} | ${r.heapKbPerStream.toFixed(2)} | ${Math.round(r.rssMb)} | ${r.timers.idle.live} → ${r.timers.open.live} | ${r.timers.idle.fired} → ${r.timers.open.fired} | ${r.cpuPerHeartbeatMs.toFixed(0)} | ${r.reconnects} | ${load1()} |`);
  }
}

/** A private redis-server (appendonly, as a deployment keeps it) in a folder of its own, removed when the run ends. */
const redisDirs: string[] = [];
async function privateRedis(port: number) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-redis-'));
  redisDirs.push(dir);
  return launch('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''], {}, /Ready to accept connections/);
}

/**
 * The write rows of one replica as a process per core, on a Redis of its own: on a shared Redis
 * each relay would take part of the other's notification work and read every event the other's
 * rows publish, so neither row would measure its own writes.
 */
async function workerRows(rows: Row[]): Promise<void> {
  const redisPort = await freePort();
  const redis = await privateRedis(redisPort);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const workers = await launchRelay(port, { REDIS_URL: `redis://127.0.0.1:${redisPort}`, ...MANY_VIEWERS, RELAY_WORKERS: String(WORKERS) });
  const people = await registerPeople(base, PEOPLE);
  for (const c of LEVELS) rows.push(await load(`relay, ${WORKERS} workers`, `${base}/api/v1/me/sources/teams-web`, c, people, base, { server: workers.pid, redis: redis.pid }));
  await stopOne(workers);
  await stopOne(redis);
}

async function main(): Promise<void> {
  const redisPort = await freePort();
  const startLoad = load1();
  try {
    const redis = await privateRedis(redisPort);
    const redisEnv = { REDIS_URL: `redis://127.0.0.1:${redisPort}` };
    const relayPort = await freePort();
    const base = `http://127.0.0.1:${relayPort}`;
    if (H2C_ONLY) return await h2cRows(redisEnv);
    const relay = await launchRelay(relayPort, { ...redisEnv, ...MANY_VIEWERS }, PROFILE);
    if (FAN_OUT_ONLY) {
      await fanOutRows(base, relay.pid!, redisEnv);
      return await h2cRows(redisEnv);
    }
    const [barePort, floorPort, twoPort] = await Promise.all([freePort(), freePort(), freePort()]);
    const bareCode = "require('http').createServer((q,s)=>{q.resume();q.on('end',()=>s.end('{}'))}).listen(" + barePort + ",'127.0.0.1',()=>console.log('bare ready'))";
    const bare = await launch(process.execPath, ['-e', bareCode], {}, /bare ready/);
    const floor = await launch(process.execPath, ['--import', 'tsx', 'bench/floor-server.ts', String(floorPort), String(redisPort), 'one'], {}, /floor ready/);
    const twoTrips = await launch(process.execPath, ['--import', 'tsx', 'bench/floor-server.ts', String(twoPort), String(redisPort), 'two'], {}, /floor ready/);

    const people = await registerPeople(base, PEOPLE);
    const rows: Row[] = [];
    for (const c of LEVELS) {
      rows.push(await load('relay', `${base}/api/v1/me/sources/teams-web`, c, people, base, { server: relay.pid, redis: redis.pid }));
      rows.push(await load('bare node:http', `http://127.0.0.1:${barePort}/`, c, [], undefined, { server: bare.pid }));
      rows.push(await load(FLOOR, `http://127.0.0.1:${floorPort}/`, c, [], undefined, { server: floor.pid, redis: redis.pid }));
      rows.push(await load(TWO_TRIPS, `http://127.0.0.1:${twoPort}/`, c, [], undefined, { server: twoTrips.pid, redis: redis.pid }));
    }
    if (WORKERS > 1) await workerRows(rows);
    rows.sort((a, b) => a.connections - b.connections);
    console.log(`\nPUT /api/v1/me/sources/teams-web as ${PEOPLE} people in turn, ${SECONDS} s per row; relay, Redis (appendonly) and autocannon on ${cpus().length} CPU(s), load average ${startLoad} → ${load1()}\n`);
    table(rows);
    if (WRITES_ONLY) return;

    // Started by the tests' own helper, in a process of its own (stopped with the others).
    const clusterProcess = await launch(process.execPath, ['--import', 'tsx', 'tests/support/redis-cluster-process.ts'], {}, /cluster ready \S+/);
    const clusterNodes = /cluster ready (\S+)/.exec(outputOf(clusterProcess))![1]!;
    const clusterPort = await freePort();
    const clusterBase = `http://127.0.0.1:${clusterPort}`;
    await launchRelay(clusterPort, { REDIS_CLUSTER_NODES: clusterNodes, ...MANY_VIEWERS });
    const clusterPeople = await registerPeople(clusterBase, PEOPLE);
    const clusterRows: Row[] = [];
    for (const c of [10, 50]) clusterRows.push(await load('relay on a 3-master cluster', `${clusterBase}/api/v1/me/sources/teams-web`, c, clusterPeople, clusterBase));
    console.log(`\nThe same writes on a three-master Redis Cluster (same machine), load average ${load1()}\n`);
    table(clusterRows);

    await fanOutRows(base, relay.pid!, redisEnv);
    await h2cRows(redisEnv);

    const two = await replicas(redisEnv);
    console.log(`\nTwo replicas on one Redis behind one round-robin proxy: ${two.viewers} viewers (half on each) had a write in ${two.reachMs.toFixed(1)} ms; writes at 50 connections through the proxy, load average ${load1()}\n`);
    table(two.rows);
    const [one, both] = two.rows;
    if (one && both) console.log(`\ntwo replicas / one: ${(both.rps / one.rps).toFixed(2)}× (${cpus().length} CPU(s) shared by both replicas, Redis, the proxy and the load generator)`);
  } finally {
    await stopAll();
    for (const dir of redisDirs) rmSync(dir, { recursive: true, force: true });
  }
}

// Stopped early (Ctrl+C): its children go too.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stopAll().then(() => process.exit(130)));

// 100,000 streams need 100,000 descriptors in the relay: raised here when the machine lets us.
await raiseFdLimit(FDS_WANTED);
await main();
