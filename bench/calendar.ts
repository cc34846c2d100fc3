// Calendar and presence sync benchmark: 10,000 people against the Microsoft fake configured like
// seed 002's measurement (1.18 s per $batch round trip) with a concurrency limit of 4 enforced by
// the fake. Prints total time, HTTP requests, throttled retries and people missed; the ratio to
// seed 002's sequential estimate (37.5 s) and to the bound the limits allow (ceil(25 / 4) × 1.18 s);
// the same job with one batch in flight in the same run as a baseline; then presence sync.
// Numbers, not pass/fail.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { loadConfig } from '../relay/config';
import type { JobRun } from '../relay/jobs/job-state';
import { createRelay, type RelayOptions } from '../relay/server';
import { relayModules } from '../relay/start';
import { EmbeddedStore } from '../relay/store/embedded-store';
import type { Store } from '../relay/store/store';

const ROOT = resolve(import.meta.dirname, '..');
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 10_000);
const ROUND_TRIP_S = 1.18;
const LIMIT = 4;
const SEED_SEQUENTIAL_S = 37.5;
const BATCHES = Math.ceil(PEOPLE / 400);
const BOUND_S = Math.ceil(BATCHES / LIMIT) * ROUND_TRIP_S;

interface Fake {
  origin: string;
  certFile: string;
  clientId: string;
  clientSecret: string;
}
type Counters = { httpRequests: number; batches: number; overLimit: number; itemsThrottled: number; presenceCalls: number; maxInFlight: number; tokensIssued: number };

function startFake(): Promise<{ child: ChildProcess; fake: Fake }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/fakes/microsoft/org-cli.ts', '--people', String(PEOPLE), '--latency-ms', String(ROUND_TRIP_S * 1000), '--limit', String(LIMIT)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((ok, fail) => {
    child.once('exit', (code) => fail(new Error(`the Microsoft fake exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => ok({ child, fake: JSON.parse(line) as Fake }));
  });
}

function counters(fake: Fake): Promise<Counters> {
  return new Promise((ok, fail) => {
    get(`${fake.origin}/_fake/org`, { ca: readFileSync(fake.certFile) }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => ok((JSON.parse(body) as { counters: Counters }).counters));
    }).on('error', fail);
  });
}

/** One relay with one job switched on; resolves to the run it makes now (at start, or asked for). */
async function runOnce(store: Store, fake: Fake, env: Record<string, string>, job: string): Promise<JobRun> {
  const config = loadConfig({
    PORT: '0',
    RELAY_ADMIN_TOKEN: 'bench-admin-token-0123456789abcdefghijkl',
    GRAPH_TENANT_ID: 'contoso',
    GRAPH_CLIENT_ID: fake.clientId,
    GRAPH_CLIENT_SECRET: fake.clientSecret,
    GRAPH_AUTHORITY: fake.origin,
    GRAPH_BASE_URL: fake.origin,
    GRAPH_MAX_CONCURRENCY: String(LIMIT),
    CALENDAR_SYNC_MINUTES: '0',
    PRESENCE_SYNC_SECONDS: '0',
    ROSTER_SYNC_MINUTES: '0',
    ...env,
  });
  const log: RelayOptions['log'] = { info: () => {}, error: (m, extra) => console.error(m, extra ?? '') };
  const name = `job:${job}`;
  const before = await store.getJobState(name);
  const relay = createRelay({ config, store, log, modules: relayModules({ jobs: { graphCa: readFileSync(fake.certFile, 'utf8') } }) });
  const url = await relay.listen();
  // Its interval may be done already (an earlier phase): ask; 409 means the run at start is under way.
  const asked = await fetch(`${url}/api/v1/org/jobs/${job}/run`, { method: 'POST', headers: { authorization: `Bearer ${config.adminToken}` } });
  if (asked.status !== 202 && asked.status !== 409) throw new Error(`run ${job}: ${asked.status} ${await asked.text()}`);
  for (;;) {
    const state = await store.getJobState(name);
    if (state !== before && state !== null && (await store.readLease(name)) === null) {
      await relay.close();
      return (JSON.parse(state) as { lastRun: JobRun }).lastRun;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function missed(store: Store, source: 'calendar' | 'graph', sinceMs: number): Promise<number> {
  const users = await store.listRoster();
  const records = await store.getStatusRecords(users.map((u) => u.userId));
  return records.filter((r) => !r?.reports[source] || Date.parse(r.reports[source].observedAt) < sinceMs - 1000).length;
}

const diff = (a: Counters, b: Counters) => ({ requests: b.httpRequests - a.httpRequests, batches: b.batches - a.batches, overLimit: b.overLimit - a.overLimit, throttled: b.itemsThrottled - a.itemsThrottled, maxInFlight: b.maxInFlight });
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const dir = mkdtempSync(join(tmpdir(), 'ts-bench-calendar-'));
const { child, fake } = await startFake();
const store = await EmbeddedStore.open({ dataDir: dir, historyDays: 30, log: () => {} });
try {
  console.log(`bench:calendar — ${PEOPLE} people, fake at ${ROUND_TRIP_S} s per round trip, concurrency limit ${LIMIT} (cpus ${cpus().length}, load ${loadavg()[0]!.toFixed(2)})`);
  let c0 = await counters(fake);
  const roster = await runOnce(store, fake, { ROSTER_SYNC_MINUTES: '1440' }, 'roster');
  let c1 = await counters(fake);
  console.log(`roster sync     ${s(roster.durationMs)}  ${diff(c0, c1).requests} requests (/users pages of 999)  ${(await store.listRoster()).length} people on the roster`);

  for (const [label, concurrency] of [
    ['calendar sync  ', LIMIT],
    ['  baseline, one batch in flight', 1],
  ] as const) {
    c0 = await counters(fake);
    const started = Date.now();
    const run = await runOnce(store, fake, { CALENDAR_SYNC_MINUTES: '1440', GRAPH_MAX_CONCURRENCY: String(concurrency) }, 'calendar');
    c1 = await counters(fake);
    const d = diff(c0, c1);
    const people = await missed(store, 'calendar', started);
    console.log(`${label} ${s(run.durationMs)}  ${d.requests} HTTP requests (${d.batches} $batch, ${d.overLimit} over the limit)  ${run.throttled} throttled retries  ${people} people missed  ${run.errors} errors`);
    if (concurrency === LIMIT) {
      console.log(`  vs seed 002's sequential estimate ${SEED_SEQUENTIAL_S} s: ${(SEED_SEQUENTIAL_S / (run.durationMs / 1000)).toFixed(2)}× faster`);
      console.log(`  vs the bound ceil(${BATCHES}/${LIMIT}) × ${ROUND_TRIP_S} s = ${BOUND_S.toFixed(2)} s: ${((run.durationMs / 1000 / BOUND_S - 1) * 100).toFixed(1)} % above it (goal: within 15 %)`);
    }
  }

  c0 = await counters(fake);
  const started = Date.now();
  const presence = await runOnce(store, fake, { PRESENCE_SYNC_SECONDS: '86400' }, 'presence');
  c1 = await counters(fake);
  console.log(`presence sync   ${s(presence.durationMs)}  ${c1.presenceCalls - c0.presenceCalls} getPresencesByUserId calls (650 ids each)  ${diff(c0, c1).requests} HTTP requests  ${await missed(store, 'graph', started)} people missed`);
} finally {
  await store.close();
  child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
