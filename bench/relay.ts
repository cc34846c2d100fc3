// Relay benchmark: authenticated status writes against the relay on a private Redis, the same
// load against a bare node:http server in the same run (the machine's ceiling), then the time
// for one update to reach 1,000 and 10,000 SSE subscribers. Numbers, not pass/fail.
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './free-port';

const ROOT = resolve(import.meta.dirname, '..');
const LEVELS = [1, 10, 50];
const SECONDS = 5;
const FANOUT = [1_000, 10_000];
/** SSE connections opened at once; each costs the relay three store reads. */
const BATCH = 200;
const children: ChildProcess[] = [];

/** Spawn a child and resolve once its output matches `ready`. */
function launch(cmd: string, args: string[], env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`${cmd} did not start:\n${out}`)), 30_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (ready.test(out)) {
        clearTimeout(timer);
        ok(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => fail(new Error(`${cmd} exited with ${code}:\n${out}`)));
  });
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}, method = 'POST') {
  let res = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  // The store answers 503 when a command times out on an overloaded machine; the bench waits it out.
  for (let attempt = 1; res.status === 503 && attempt < 10; attempt++) {
    await new Promise((r) => setTimeout(r, 300 * attempt));
    res = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  }
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
}

interface Row {
  target: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(target: string, url: string, connections: number, token: string | null): Promise<Row> {
  // Each write is newer than the last and flips the call state, so every one is applied,
  // resolved, appended to history and published (the expensive path).
  let n = 0;
  const t0 = Date.now() - 60_000;
  const result = await autocannon({
    url,
    connections,
    duration: SECONDS,
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    requests: [
      {
        setupRequest: (req) => {
          n++;
          return { ...req, body: JSON.stringify({ observedAt: new Date(t0 + n).toISOString(), call: n % 2 ? { inCall: true, muted: false } : null }) };
        },
      },
    ],
  });
  return { target, connections, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

/** Open `count` SSE streams; resolve with a function that awaits event `seq` on all of them. */
async function subscribe(url: string, count: number, agent: Agent) {
  const waiting = new Map<number, { left: number; done: () => void }>();
  let initial = 0;
  let onInitial: () => void = () => {};
  const openOnce = () =>
    new Promise<boolean>((ok, fail) => {
      const req = request(url, { agent, headers: { accept: 'text/event-stream' } }, (res) => {
        // A loaded machine can make the store time out (503): back off and retry that one.
        if (res.statusCode === 503) {
          res.resume();
          return ok(false);
        }
        if (res.statusCode !== 200) return fail(new Error(`SSE answered ${res.statusCode}`));
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          for (const m of chunk.matchAll(/^id: (\d+)$/gm)) {
            const seq = Number(m[1]);
            if (seq === 0) {
              initial++;
              onInitial();
            }
            const w = waiting.get(seq);
            if (w && --w.left === 0) w.done();
          }
        });
        ok(true);
      });
      req.once('error', fail);
      req.end();
    });
  const open = async () => {
    for (let attempt = 0; attempt < 10; attempt++) {
      if (await openOnce()) return;
      await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
    }
    throw new Error('SSE kept answering 503');
  };
  for (let i = 0; i < count; i += BATCH) await Promise.all(Array.from({ length: Math.min(BATCH, count - i) }, open));
  await new Promise<void>((ok) => {
    onInitial = () => initial >= count && ok();
    onInitial();
  });
  return (seq: number) => new Promise<void>((ok) => waiting.set(seq, { left: count, done: ok }));
}

async function fanout(base: string, subscribers: number): Promise<number> {
  const user = await post(`${base}/api/v1/users`, { displayName: `Fan-out ${subscribers}` });
  const token = user.token as string;
  const share = user.share as { id: string };
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  try {
    const awaitSeq = await subscribe(`${base}/api/v1/s/${share.id}/events`, subscribers, agent);
    const reached = awaitSeq(1);
    const started = performance.now();
    await post(`${base}/api/v1/me/sources/teams-web`, { observedAt: new Date().toISOString(), call: { inCall: true } }, { authorization: `Bearer ${token}` }, 'PUT');
    await reached;
    return performance.now() - started;
  } finally {
    agent.destroy();
  }
}

async function main(): Promise<void> {
  const redisPort = await freePort();
  const redisDir = mkdtempSync(join(tmpdir(), 'bench-redis-'));
  try {
    await launch('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--dir', redisDir, '--appendonly', 'yes', '--save', ''], {}, /Ready to accept connections/);
    const relayPort = await freePort();
    const base = `http://127.0.0.1:${relayPort}`;
    await launch(process.execPath, ['--import', 'tsx', 'relay/main.ts'], {
      PORT: String(relayPort),
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      RATE_LIMIT_PER_IP: '10000000',
      RATE_LIMIT_PER_TOKEN: '10000000',
    }, /relay listening on/);
    const barePort = await freePort();
    const bareCode = "require('http').createServer((q,s)=>{q.resume();q.on('end',()=>s.end('{}'))}).listen(" + barePort + ",'127.0.0.1',()=>console.log('bare ready'))";
    await launch(process.execPath, ['-e', bareCode], {}, /bare ready/);

    const load0 = loadavg()[0]?.toFixed(1);
    const user = await post(`${base}/api/v1/users`, { displayName: 'Bench' });
    const rows: Row[] = [];
    for (const c of LEVELS) {
      rows.push(await load('relay', `${base}/api/v1/me/sources/teams-web`, c, user.token as string));
      rows.push(await load('bare node:http', `http://127.0.0.1:${barePort}/`, c, null));
    }
    console.log(`\nPUT /api/v1/me/sources/teams-web, ${SECONDS} s per row; relay, Redis (appendonly) and autocannon on ${cpus().length} CPU(s), load average ${load0} → ${loadavg()[0]?.toFixed(1)}\n`);
    console.log('| target | connections | writes/s | p50 ms | p99 ms | errors | relay / bare |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const r of rows) {
      const bare = rows.find((x) => x.target !== 'relay' && x.connections === r.connections);
      const ratio = r.target === 'relay' && bare ? `${((r.rps / bare.rps) * 100).toFixed(1)} %` : '';
      console.log(`| ${r.target} | ${r.connections} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${r.errors} | ${ratio} |`);
    }
    console.log('\nOne update to every SSE subscriber of a share (PUT sent → last subscriber has the event)\n');
    console.log('| subscribers | time ms |');
    console.log('|---:|---:|');
    for (const n of FANOUT) console.log(`| ${n} | ${(await fanout(base, n)).toFixed(1)} |`);
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once('exit', r)) : null)));
    rmSync(redisDir, { recursive: true, force: true });
  }
}

await main();
