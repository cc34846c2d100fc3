// Organisation benchmark: import 10,000 people, page through everyone's status (time and Redis
// commands), and one status change reaching 50 stream clients (p50/p95). Each figure is printed
// beside a same-run baseline: the floor the machine and Redis allow for the same work.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import WebSocket, { WebSocketServer } from 'ws';
import { loadConfig } from '../relay/config';
import { createRelay } from '../relay/server';
import { relayModules } from '../relay/start';
import { createStore } from '../relay/store/create-store';
import { freePort } from './free-port';

const PEOPLE = 10_000;
const CLIENTS = 50;
const CHANGES = 20;
const ADMIN = 'bench-admin-token-0123456789abcdefghijklmnop';
const auth = { authorization: `Bearer ${ADMIN}` };

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const fmt = (n: number) => n.toFixed(1);

async function commands(redis: Redis): Promise<number> {
  const info = await redis.info('stats');
  return Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? NaN);
}

function waitFor(ws: WebSocket, match: (m: { type: string; status?: { seq: number } }) => boolean): Promise<number> {
  return new Promise((resolve) => {
    const on = (data: Buffer) => {
      if (!match(JSON.parse(data.toString()))) return;
      ws.off('message', on);
      resolve(performance.now());
    };
    ws.on('message', on);
  });
}

async function baselineBroadcast(message: string): Promise<number[]> {
  const port = await freePort();
  const wss = new WebSocketServer({ port, host: '127.0.0.1' });
  const clients = await Promise.all(Array.from({ length: CLIENTS }, () => new Promise<WebSocket>((ok) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}`);
    ws.once('open', () => ok(ws));
  })));
  const samples: number[] = [];
  for (let i = 0; i < CHANGES; i++) {
    const start = performance.now();
    const arrivals = clients.map((ws) => new Promise<number>((ok) => ws.once('message', () => ok(performance.now()))));
    for (const c of wss.clients) c.send(message);
    for (const t of await Promise.all(arrivals)) samples.push(t - start);
  }
  for (const ws of clients) ws.close();
  await new Promise((r) => wss.close(r));
  return samples;
}

async function main(): Promise<void> {
  console.log(`bench:org — ${cpus().length} CPUs, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'bench-org-'));
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  // Refused connections while redis-server starts are expected; the loop below retries.
  probe.on('error', () => {});
  for (let i = 0; ; i++) {
    try {
      await probe.connect();
      await probe.ping();
      break;
    } catch {
      if (i > 100) throw new Error('redis-server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const store = await createStore({ redisUrl: url, dataDir: dir, historyDays: 30 });
  const config = loadConfig({ PORT: '0', RELAY_ADMIN_TOKEN: ADMIN, RATE_LIMIT_PER_IP: '10000000', RATE_LIMIT_PER_TOKEN: '10000000' });
  const relay = createRelay({ config, store, modules: relayModules(), log: { info: () => {}, error: (m) => console.error(m) } });
  const base = await relay.listen();
  try {
    // 1. Import.
    const csv = `email,displayName,department\n${Array.from({ length: PEOPLE }, (_, i) => `p${i}@bench.example,Person ${i},Dept ${i % 20}`).join('\n')}\n`;
    let before = await commands(probe);
    let start = process.hrtime.bigint();
    const res = await fetch(`${base}/api/v1/org/people`, { method: 'PUT', headers: { ...auth, 'content-type': 'text/csv' }, body: csv });
    const imported = (await res.json()) as { created: number };
    const importMs = ms(start);
    const importCommands = (await commands(probe)) - before - 1;
    start = process.hrtime.bigint();
    const pipe = probe.pipeline();
    for (let i = 0; i < PEOPLE; i++) pipe.set(`baseline:${i}`, csv.slice(0, 300));
    await pipe.exec();
    const floorMs = ms(start);
    console.log(`import ${imported.created} people: ${fmt(importMs)} ms, ${importCommands} Redis commands counted inside scripts too (baseline: ${PEOPLE} pipelined SETs ${fmt(floorMs)} ms; ratio ${fmt(importMs / floorMs)}×)`);

    // 2. Page through all statuses.
    const pageSize = 1000;
    before = await commands(probe);
    start = process.hrtime.bigint();
    let seen = 0;
    for (let page = 0; ; page++) {
      const body = (await (await fetch(`${base}/api/v1/org/statuses?page=${page}&pageSize=${pageSize}`, { headers: auth })).json()) as { items: unknown[] };
      seen += body.items.length;
      if (body.items.length < pageSize) break;
    }
    const pageMs = ms(start);
    const pageCommands = (await commands(probe)) - before - 1;
    start = process.hrtime.bigint();
    const ids = await probe.zrange('ts:users', '0', '-1');
    for (let i = 0; i < ids.length; i += pageSize) await probe.mget(ids.slice(i, i + pageSize).map((id) => `ts:user:${id}`));
    const readFloorMs = ms(start);
    console.log(
      `page through ${seen} statuses (${Math.ceil((seen + 1) / pageSize)} pages of ${pageSize}): ${fmt(pageMs)} ms, ${pageCommands} Redis commands (one read per person would be ≥ ${seen}; baseline: raw ZRANGE + MGET of the users ${fmt(readFloorMs)} ms; ratio ${fmt(pageMs / readFloorMs)}×)`,
    );

    // 3. One change to 50 stream clients.
    const ws = `${base.replace('http', 'ws')}/api/v1/org/stream?access_token=${ADMIN}`;
    const joined = (await (await fetch(`${base}/api/v1/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"displayName":"Bench"}' })).json()) as { userId: string; token: string };
    const clients = await Promise.all(Array.from({ length: CLIENTS }, () => new Promise<WebSocket>((ok, fail) => {
      const c = new WebSocket(ws);
      c.once('open', () => ok(c));
      c.once('error', fail);
    })));
    const samples: number[] = [];
    let message = '';
    clients[0]!.on('message', (d: Buffer) => (message = d.toString()));
    for (let i = 1; i <= CHANGES; i++) {
      const arrivals = clients.map((c) => waitFor(c, (m) => m.type === 'status' && m.status?.seq === i));
      const t0 = performance.now();
      const put = await fetch(`${base}/api/v1/me/sources/manual`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${joined.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ observedAt: new Date(Date.now() - 60_000 + i * 100).toISOString(), availability: i % 2 ? 'Busy' : 'Available' }),
      });
      await put.text();
      for (const t of await Promise.all(arrivals)) samples.push(t - t0);
    }
    for (const c of clients) c.close();
    const floor = await baselineBroadcast(message);
    console.log(
      `one change → ${CLIENTS} stream clients (${CHANGES} changes): p50 ${fmt(pct(samples, 50))} ms, p95 ${fmt(pct(samples, 95))} ms from PUT to arrival (baseline: a bare ws broadcast of the same message p50 ${fmt(pct(floor, 50))} ms, p95 ${fmt(pct(floor, 95))} ms)`,
    );
  } finally {
    await relay.close();
    await store.close();
    probe.disconnect();
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
