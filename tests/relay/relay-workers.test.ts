import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AVAILABILITIES } from '../../core';
import { ConfigError, loadConfig } from '../../relay/config';
import { promtoolPath } from '../support/install';
import { startRedis, type TestRedis } from '../support/redis';
import { redisForBlock } from './store-factories';
import { LIFTED_LIMITS, register, type RelayProcess, startRelayProcess } from '../support/relay-process';
import { openSse } from '../support/sse-client';
import { until } from '../support/until';
import { isRunning, workerPids } from './relay-workers-support';

// RELAY_WORKERS=2: the real relay/main.ts as a primary of two workers on one port and one Redis.

const iso = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString();

/** One request on a connection of its own (no keep-alive), so the cluster hands each to a worker in turn. */
function once(base: string, method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const req = request(`${base}${path}`, { method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.once('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** The value of one series in Prometheus text, or null when it is absent. */
function sample(text: string, series: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? null : Number(line.slice(series.length + 1));
}


const PUT = 'relay_http_requests_total{method="PUT",route="/api/v1/me/sources/:source",status="200"}';
const served = (worker: string) => `relay_worker_http_requests_total{worker="${worker}"}`;

describe('RELAY_WORKERS=2 on one Redis', { timeout: 60_000 }, () => {
  let redis: TestRedis;
  let relay: RelayProcess;

  beforeAll(async () => {
    redis = await startRedis();
    relay = await startRelayProcess({ REDIS_URL: redis.url, RELAY_WORKERS: '2', PUBLIC_URL: 'https://status.example.test', ...LIFTED_LIMITS, METRICS_PER_PERSON: 'true' });
  });

  afterAll(async () => {
    await relay?.stop();
    await redis?.dispose();
  });

  it('announces the replica once, after both workers started', () => {
    expect(relay.output().match(/relay listening on /g)).toHaveLength(1);
    expect(relay.output()).toMatch(/relay listening on http:\/\/127\.0\.0\.1:\d+ \(2 workers\)/);
    expect([...workerPids(relay.output()).keys()].sort()).toEqual(['1', '2']);
  });

  it('writes over many connections land on both workers, a viewer on either sees each, and /metrics counts all of them', async () => {
    const ada = await register(relay.url);
    const sse = await openSse(`${relay.url}/api/v1/s/${ada.share.id}/events`);
    try {
      expect(JSON.parse((await sse.nextEvent()).data)).toMatchObject({ seq: 0 });
      const writes = 12;
      for (let i = 1; i <= writes; i++) {
        const availability = i % 2 === 0 ? 'Available' : 'DoNotDisturb';
        const res = await once(relay.url, 'PUT', '/api/v1/me/sources/manual', ada.token, { observedAt: iso(i), availability });
        expect(res.status, res.text).toBe(200);
        // Whichever worker took the write, the stream (held by one of them) shows it.
        const event = await sse.nextEvent();
        expect(event.id).toBe(String(i));
        expect(JSON.parse(event.data)).toMatchObject({ availability });
      }
      // Every scrape, whichever worker it lands on, counts the writes of both.
      const scrapes = await Promise.all(Array.from({ length: 6 }, () => once(relay.url, 'GET', '/metrics')));
      for (const scrape of scrapes) {
        expect(scrape.status).toBe(200);
        expect(sample(scrape.text, PUT)).toBe(writes);
        expect(sample(scrape.text, served('1'))).toBeGreaterThan(0);
        expect(sample(scrape.text, served('2'))).toBeGreaterThan(0);
        // Read from the store by the worker the scrape landed on only: one person, not one per worker.
        expect(sample(scrape.text, 'relay_people')).toBe(1);
        // An availability as a number: a sum or a max of several workers' would be no availability at all.
        expect(sample(scrape.text, `relay_person_availability{user_id="${ada.userId}",person="Ada"}`)).toBe(AVAILABILITIES.indexOf('Available'));
        // Process metrics stay per worker.
        expect(sample(scrape.text, 'process_cpu_seconds_total{worker="1"}')).toBeGreaterThan(0);
        expect(sample(scrape.text, 'process_cpu_seconds_total{worker="2"}')).toBeGreaterThan(0);
      }
      // The merged text is as clean for Prometheus as one process's.
      const lint = spawnSync(promtoolPath(), ['check', 'metrics'], { input: scrapes[0]!.text, encoding: 'utf8' });
      expect({ code: lint.status, output: `${lint.stdout}${lint.stderr}`.trim() }).toEqual({ code: 0, output: '' });
      // The workers' shares add up to the replica's total (the scrapes in flight are not counted yet).
      const last = scrapes.at(-1)!.text;
      const total = [...last.matchAll(/^relay_http_requests_total\{[^}]*\} (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
      expect(sample(last, served('1'))! + sample(last, served('2'))!).toBe(total);
    } finally {
      sse.close();
    }
  });

  /** SIGKILL worker 1, check the other answers meanwhile; the wait the primary announced, and the replacement's pid. */
  async function killWorkerOne(): Promise<{ wait: number; replacement: number }> {
    const killed = workerPids(relay.output()).get('1')!;
    process.kill(killed, 'SIGKILL');
    const wait = await until(() => {
      const m = new RegExp(`worker 1 \\(pid ${killed}\\) was killed by SIGKILL after [\\d.]+ s; starting another in ([\\d.]+) s`).exec(relay.output());
      return m ? { seconds: Number(m[1]) } : null;
    }, 'the primary to notice the dead worker');
    // Meanwhile the other worker answers every connection.
    for (let i = 0; i < 6; i++) expect((await once(relay.url, 'GET', '/healthz')).status).toBe(200);
    const replacement = await until(() => {
      const pid = workerPids(relay.output()).get('1');
      return pid !== killed && relay.output().includes(`worker 1 (pid ${pid}) listening again`) ? pid : null;
    }, 'a new worker 1 to listen', 40_000);
    expect(isRunning(replacement)).toBe(true);
    return { wait: wait.seconds, replacement };
  }

  it('a worker killed with SIGKILL is replaced, and the port keeps answering', async () => {
    await killWorkerOne();
    // Both listen again: connections go to both in turn, and every scrape asks both.
    const answers: { status: number; text: string }[] = [];
    for (let i = 0; i < 6; i++) answers.push(await once(relay.url, 'GET', '/metrics'));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
    expect(sample(answers.at(-1)!.text, served('1'))).toBeGreaterThan(0);
  });

  it('a replacement that dies soon after starting waits longer: a crashing worker does not spin', async () => {
    const first = /worker 1 \(pid \d+\) was killed by SIGKILL after [\d.]+ s; starting another in ([\d.]+) s/.exec(relay.output());
    const again = await killWorkerOne();
    expect(again.wait).toBeGreaterThan(Number(first?.[1]));
    expect(relay.output()).toMatch(/in a row died within 30 s of starting: each wait doubles, up to 30 s/);
  });

  it('SIGTERM stops both workers and the primary exits 0', async () => {
    const pids = [...workerPids(relay.output()).values()];
    expect(pids.every(isRunning)).toBe(true);
    expect(await relay.stop('SIGTERM')).toBe(0);
    expect(relay.output()).toMatch(/relay: SIGTERM received, stopping 2 workers/);
    expect(pids.filter(isRunning)).toEqual([]);
  });
});

describe('RELAY_WORKERS=2, at the edges of its life', { timeout: 60_000 }, () => {
  let redis: TestRedis;
  redisForBlock((started) => (redis = started));

  it('a worker that cannot start stops the whole relay with exit code 1, as one process would', async () => {
    // The port is taken: no worker can listen on it.
    const taken = createServer();
    await new Promise<void>((ok) => taken.listen(0, '127.0.0.1', ok));
    try {
      const port = String((taken.address() as AddressInfo).port);
      await expect(startRelayProcess({ REDIS_URL: redis.url, RELAY_WORKERS: '2', PORT: port })).rejects.toThrow(
        /exited with 1 before listening:[\s\S]*relay: could not start: [\s\S]*worker \d \(pid \d+\) exited with code 1 before the relay was listening/,
      );
    } finally {
      taken.close();
    }
  });

  // A primary killed with SIGKILL, and the other ways in and out: relay-workers-lifecycle.test.ts.
});

describe('RELAY_WORKERS without Redis', () => {
  it('stops the relay at start with exit code 1, saying why', { timeout: 30_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ts-workers-'));
    try {
      const started = startRelayProcess({ RELAY_WORKERS: '2', RELAY_DATA_DIR: dir });
      await expect(started).rejects.toThrow(/exited with 1 before listening:\s+relay: configuration error: RELAY_WORKERS \(2 processes\) needs Redis: the embedded store's files belong to one process/);
      await expect(started).rejects.toThrow(/set REDIS_URL \(or REDIS_CLUSTER_NODES\), or leave RELAY_WORKERS at 1/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('RELAY_WORKERS is read as', () => {
  const REDIS = { REDIS_URL: 'redis://127.0.0.1:6379' };
  const workers = (env: Record<string, string>, cores = 3) => loadConfig(env, () => null, cores).workers;

  it('1 by default, with or without Redis', () => {
    expect(workers({})).toBe(1);
    expect(workers({ RELAY_WORKERS: '1' })).toBe(1);
    expect(workers(REDIS)).toBe(1);
  });

  it('a number up to four per core, or auto for one per core', () => {
    expect(workers({ ...REDIS, RELAY_WORKERS: '12' })).toBe(12);
    expect(workers({ ...REDIS, RELAY_WORKERS: 'auto' })).toBe(3);
    expect(workers({ REDIS_CLUSTER_NODES: '10.0.0.1:6379', RELAY_WORKERS: '2' })).toBe(2);
  });

  it.each([
    ['0', /RELAY_WORKERS must be between 1 and 12 \(four per core on this machine's 3\), or "auto", got 0/],
    ['13', /RELAY_WORKERS must be between 1 and 12/],
    ['1.5', /RELAY_WORKERS must be a whole number of processes or "auto" \(one per core\), got "1.5"/],
    ['two', /got "two"/],
    ['-2', /got "-2"/],
  ])('%s: refused', (raw, message) => {
    expect(() => workers({ ...REDIS, RELAY_WORKERS: raw })).toThrow(ConfigError);
    expect(() => workers({ ...REDIS, RELAY_WORKERS: raw })).toThrow(message);
  });

  it('more than 1 without Redis: refused (auto too, on a machine of several cores)', () => {
    expect(() => workers({ RELAY_WORKERS: 'auto' })).toThrow(/RELAY_WORKERS \(3 processes\) needs Redis/);
    expect(workers({ RELAY_WORKERS: 'auto' }, 1)).toBe(1);
  });
});
