import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../relay/config';
import { createRelay } from '../../relay/server';
import { createStore } from '../../relay/store/create-store';
import type { Store } from '../../relay/store/store';
import { startRedis, type TestRedis } from '../support/redis';
import { putSource, register, startRelayProcess, type RelayProcess } from '../support/relay-process';
import { openSse } from '../support/sse-client';
import { until } from '../support/until';

const iso = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString();

let redis: TestRedis;
let relay: RelayProcess;

beforeAll(async () => {
  redis = await startRedis();
  relay = await startRelayProcess({ REDIS_URL: redis.url, PUBLIC_URL: 'https://status.example.test' });
});

afterAll(async () => {
  await relay?.stop('SIGKILL');
  await redis?.dispose();
});

describe('Redis outage', { timeout: 60_000 }, () => {
  it('answers 503 store_unavailable while Redis is down, stays up, and recovers by itself', async () => {
    const base = relay.url;
    const ada = await register(base);
    expect((await putSource(base, ada.token, 'teams-web', { observedAt: iso(-1000), call: null })).status).toBe(200);

    await redis.stop();
    const write = await putSource(base, ada.token, 'teams-web', { observedAt: iso(), call: { inCall: true } });
    expect(write.status).toBe(503);
    expect(((await write.json()) as { error: { code: string } }).error.code).toBe('store_unavailable');
    const read = await fetch(`${base}/api/v1/s/${ada.share.id}`);
    expect(read.status).toBe(503);
    expect(((await read.json()) as { error: { code: string } }).error.code).toBe('store_unavailable');
    const registerDown = await fetch(`${base}/api/v1/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"displayName":"Bob"}' });
    expect(registerDown.status).toBe(503);
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(relay.child.exitCode).toBeNull();
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(/relay_store_errors_total\{operation="\w+"\} [1-9]/);

    await redis.start();
    await until(async () => (await fetch(`${base}/readyz`)).status === 200, 'the relay to be ready after Redis returned', 20_000);
    const after = await putSource(base, ada.token, 'teams-web', { observedAt: iso(), call: { inCall: true } });
    expect(after.status).toBe(200);
    expect(await after.json()).toMatchObject({ applied: true, status: { availability: 'Busy', seq: 2 } });
    expect(relay.output()).not.toMatch(/unexpected error/);
  });
});

describe('graceful shutdown', () => {
  it('on SIGTERM ends open event streams cleanly and exits 0', async () => {
    const ada = await register(relay.url);
    const streams = await Promise.all([1, 2, 3].map(() => openSse(`${relay.url}/api/v1/s/${ada.share.id}/events`)));
    for (const s of streams) expect((await s.nextEvent()).event).toBe('status');
    let aborted = 0;
    for (const s of streams) s.response.once('aborted', () => aborted++);
    const code = await relay.stop('SIGTERM');
    await Promise.all(streams.map((s) => s.ended));
    expect(code).toBe(0);
    expect(streams.every((s) => s.response.complete)).toBe(true);
    expect(aborted).toBe(0);
    expect(relay.output()).toContain('SIGTERM received');
  });
});

describe('an unexpected failure', () => {
  it('answers 500 internal without details, logs the stack, and the relay keeps serving', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-bug-'));
    const real = await createStore({ dataDir: dir, historyDays: 30 });
    let broken = true;
    // A store whose status read has a bug (a plain Error, not StoreUnavailableError).
    const store = new Proxy(real, {
      get(target, prop, receiver) {
        if (prop === 'getStatusRecord' && broken) return () => Promise.reject(new Error('boom: secret detail'));
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? v.bind(target) : v;
      },
    }) as Store;
    const logged: string[] = [];
    const relay = createRelay({ config: loadConfig({ PORT: '0' }), store, log: { info: () => {}, error: (m, extra) => logged.push(`${m} ${JSON.stringify(extra)}`) } });
    const base = await relay.listen();
    try {
      const ada = await register(base);
      const res = await fetch(`${base}/api/v1/s/${ada.share.id}`);
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: 'something went wrong on our side' } });
      expect(text).not.toContain('boom');
      expect(logged.join('\n')).toContain('boom: secret detail');
      broken = false;
      expect((await fetch(`${base}/api/v1/s/${ada.share.id}`)).status).toBe(200);
    } finally {
      await relay.close();
      await real.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a client that hangs up mid-body is no error worth logging', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-abort-'));
    const store = await createStore({ dataDir: dir, historyDays: 30 });
    const logged: string[] = [];
    const relay = createRelay({ config: loadConfig({ PORT: '0' }), store, log: { info: () => {}, error: (m, extra) => logged.push(`${m} ${JSON.stringify(extra)}`) } });
    const base = await relay.listen();
    try {
      const ada = await register(base);
      const { port } = new URL(base);
      const socket = connect(Number(port), '127.0.0.1');
      await once(socket, 'connect');
      socket.write(`PUT /api/v1/me/sources/teams-web HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ada.token}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"observedAt":`);
      socket.destroy();
      await until(async () => /relay_http_requests_total\{method="PUT"/.test(await (await fetch(`${base}/metrics`)).text()), 'the PUT counter in /metrics', 20_000);
      expect(logged).toEqual([]);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    } finally {
      await relay.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
