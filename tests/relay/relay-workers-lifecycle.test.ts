import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../support/redis';
import { redisForBlock } from './store-factories';
import { freePort } from '../support/ports';
import { register, startRelayProcess } from '../support/relay-process';
import { openSse } from '../support/sse-client';
import { until } from '../support/until';
import { isRunning, startedPid } from './relay-workers-support';

// RELAY_WORKERS=2 as a real primary and workers on a real Redis: starting, stopping, dying.

const ROOT = resolve(import.meta.dirname, '..', '..');

interface Spawned {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

const spawned: Spawned[] = [];
afterEach(() => {
  // Only after a failed test: never leave a relay behind.
  for (const s of spawned.splice(0)) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
});

/** Start a process without waiting for its listening line (startRelayProcess waits for it). */
function run(args: string[], env: Record<string, string>): Spawned {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const s = { child, output: () => output, exited };
  spawned.push(s);
  return s;
}

/** The sum of every relay_http_requests_total series in Prometheus text. */
const requestsTotal = (text: string) => [...text.matchAll(/^relay_http_requests_total\{[^}]*\} (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);

async function scrape(base: string): Promise<string> {
  const res = await fetch(`${base}/metrics`, { headers: { connection: 'close' } });
  expect(res.status).toBe(200);
  return res.text();
}

/** A registration whose body never finishes arriving, on a connection of its own (the cluster hands each to a worker in turn). */
async function halfSentRequest(base: string): Promise<Socket> {
  const { hostname, port } = new URL(base);
  const socket = connect(Number(port), hostname);
  await once(socket, 'connect');
  socket.write('POST /api/v1/users HTTP/1.1\r\nHost: relay\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"displayName":');
  socket.on('error', () => {});
  return socket;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone: nothing left to signal.
  }
}

describe('RELAY_WORKERS=2 starting and stopping', { timeout: 60_000 }, () => {
  let redis: TestRedis;
  redisForBlock((started) => (redis = started));

  it('a SIGTERM while the workers are still loading stops them, and the primary exits 0 well before its 15 s guard', async () => {
    const relay = run(['--import', 'tsx', 'relay/main.ts'], { REDIS_URL: redis.url, RELAY_WORKERS: '2', PORT: String(await freePort()) });
    await until(() => startedPid(relay.output(), 2), 'worker 2 to be forked');
    const sent = Date.now();
    relay.child.kill('SIGTERM');
    expect(await relay.exited, relay.output()).toBe(0);
    expect(Date.now() - sent).toBeLessThan(10_000);
    expect(relay.output()).not.toMatch(/took too long/);
  });

  it('a worker that gets the primary\'s stop first and then its own SIGTERM (a control-group kill) still exits 0', async () => {
    const relay = await startRelayProcess({ REDIS_URL: redis.url, RELAY_WORKERS: '2' });
    const pids = [1, 2].map((slot) => startedPid(relay.output(), slot)!);
    // Requests whose body is still on its way keep each worker stopping (it lets them finish) until its own signal lands.
    const held = await Promise.all(Array.from({ length: 4 }, () => halfSentRequest(relay.url)));
    const exited = relay.stop('SIGTERM');
    // Each worker says when the primary's stop reached it; only then does its own signal follow.
    for (const [i, pid] of pids.entries()) {
      await until(() => relay.output().includes(`relay: worker ${i + 1} (pid ${pid}) shutting down (SIGTERM)`), `worker ${i + 1} to take the primary's stop`);
      signal(pid, 'SIGTERM');
    }
    for (const socket of held) socket.destroy();
    expect(await exited, relay.output()).toBe(0);
    expect(relay.output()).not.toMatch(/again, exiting now/);
  });

  it('a SIGTERM after a failed start waits for the stop under way instead of killing everything', async () => {
    const taken = createServer();
    await new Promise<void>((ok) => taken.listen(0, '127.0.0.1', ok));
    const port = String((taken.address() as AddressInfo).port);
    const relay = run(['--import', 'tsx', 'relay/main.ts'], { REDIS_URL: redis.url, RELAY_WORKERS: '2', PORT: port });
    // Worker 2 is held still, so the relay is stopping (worker 1 could not listen) and not yet done.
    const second = await until(() => startedPid(relay.output(), 2), 'worker 2 to be forked');
    signal(second, 'SIGSTOP');
    try {
      await until(() => relay.output().includes('before the relay was listening'), 'worker 1 to fail at start');
      relay.child.kill('SIGTERM');
      await until(() => relay.output().includes('SIGTERM received; already stopping 1 workers'), 'the primary to take the SIGTERM as the same stop');
    } finally {
      signal(second, 'SIGCONT');
      taken.close();
    }
    expect(await relay.exited, relay.output()).toBe(1);
    expect(relay.output()).not.toMatch(/again, exiting now|killed by SIGKILL/);
  });

  // A send to the dead worker may fail with EPIPE (its channel still looks open); whether it does is
  // up to timing, so tell() itself is tested in cluster-tell.test.ts. This checks the stop around it.
  it('a worker killed just as the primary is told to stop: the primary stops the other, reports the dead one, and exits 1', async () => {
    const relay = await startRelayProcess({ REDIS_URL: redis.url, RELAY_WORKERS: '2' });
    const first = startedPid(relay.output(), 1)!;
    signal(first, 'SIGKILL');
    const code = await relay.stop('SIGTERM');
    expect(relay.output()).not.toMatch(/EPIPE|ECONNRESET|Unhandled 'error'/);
    expect(relay.output()).toMatch(new RegExp(`worker 1 \\(pid ${first}\\) was killed by SIGKILL`));
    expect(relay.output()).toMatch(/relay: worker 2 \(pid \d+\) shutting down \(SIGTERM\)/);
    expect(code, relay.output()).toBe(1);
  });

  it('a primary killed with SIGKILL: its workers stop gracefully, ending their streams cleanly', async () => {
    const relay = await startRelayProcess({ REDIS_URL: redis.url, RELAY_WORKERS: '2' });
    const pids = [1, 2].map((slot) => startedPid(relay.output(), slot)!);
    const ada = await register(relay.url);
    const sse = await openSse(`${relay.url}/api/v1/s/${ada.share.id}/events`);
    await sse.nextEvent();
    await relay.stop('SIGKILL');
    await sse.ended;
    // A stream cut by an abrupt exit ends without the last chunk; the relay's own stop ends it.
    expect(sse.response.complete).toBe(true);
    for (const [i, pid] of pids.entries()) {
      await until(() => relay.output().includes(`relay: worker ${i + 1} (pid ${pid}): the primary is gone, shutting down`), `worker ${i + 1} to stop by itself`);
    }
    await until(() => pids.every((pid) => !isRunning(pid)), 'the workers of a killed primary to leave', 20_000);
  });
});

describe('RELAY_WORKERS=2 metrics across a worker\'s death', { timeout: 90_000 }, () => {
  it('the summed request counter never goes down when a worker is killed and replaced', async () => {
    const redis = await startRedis();
    const relay = await startRelayProcess({ REDIS_URL: redis.url, RELAY_WORKERS: '2', RATE_LIMIT_PER_IP: '1000000' });
    try {
      for (let i = 0; i < 10; i++) expect((await fetch(`${relay.url}/healthz`, { headers: { connection: 'close' } })).status).toBe(200);
      const before = await scrape(relay.url);
      expect(before).toMatch(/relay_worker_http_requests_total\{worker="1"\} [1-9]/);
      const totals = [requestsTotal(before)];
      signal(startedPid(relay.output(), 1)!, 'SIGKILL');
      // Every scrape while the other worker answers alone, and after the replacement listens, counts at least as many.
      // A connection node:cluster's primary handed to the worker in the instant it died is never
      // answered (the primary keeps it; docs/deploy.md): such a scrape is given up after 5 s and
      // counts neither way.
      const scrapeTotal = async () => {
        const res = await fetch(`${relay.url}/metrics`, { headers: { connection: 'close' }, signal: AbortSignal.timeout(5_000) }).catch(() => null);
        if (res) totals.push(res.status === 200 ? requestsTotal(await res.text()) : -res.status);
      };
      await until(async () => {
        await scrapeTotal();
        return /worker 1 \(pid \d+\) listening again/.test(relay.output());
      }, 'a new worker 1 to listen', 40_000);
      const answered = totals.length;
      await until(async () => {
        await scrapeTotal();
        return totals.length >= answered + 4;
      }, 'four scrapes answered with both workers listening', 40_000);
      expect(totals).toEqual([...totals].sort((a, b) => a - b));
    } finally {
      await relay.stop();
      await redis.dispose();
    }
  });
});

describe('relay/main.ts under another cluster launcher (PM2 cluster mode, throng)', { timeout: 60_000 }, () => {
  it('RELAY_WORKERS unset: a relay of its own, with its banner, whose /metrics answers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ts-launcher-'));
    try {
      const launcher = `import cluster from 'node:cluster'; cluster.setupPrimary({ exec: ${JSON.stringify(join(ROOT, 'relay/main.ts'))}, execArgv: ['--import', 'tsx'] }); cluster.fork();`;
      const relay = run(['--input-type=module', '-e', launcher], { RELAY_DATA_DIR: dir, PORT: String(await freePort()) });
      const url = await until(() => /relay listening on (http:\/\/\S+)/.exec(relay.output())?.[1], 'the banner', 40_000);
      const started = Date.now();
      const res = await fetch(`${url}/metrics`);
      expect(res.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(await res.text()).toMatch(/^# TYPE relay_http_requests_total counter$/m);
      relay.child.kill('SIGKILL');
      await relay.exited;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
