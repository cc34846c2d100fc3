import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { TestRedis } from '../support/redis';
import { redisForBlock } from './store-factories';
import { putSource, register, startRelayProcess, type RelayProcess } from '../support/relay-process';

const iso = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString();
const running: RelayProcess[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

async function relayWith(env: Record<string, string>): Promise<string> {
  const p = await startRelayProcess({ PUBLIC_URL: 'https://status.example.test', ...env });
  running.push(p);
  return p.url;
}

async function killAll(): Promise<void> {
  // SIGKILL: no graceful flush — only what was acknowledged may be relied on.
  for (const p of running.splice(0)) await p.stop('SIGKILL');
}

/** Publish a status and return what must survive. */
async function publish(base: string) {
  const ada = await register(base);
  const put = await putSource(base, ada.token, 'manual', { observedAt: iso(), availability: 'DoNotDisturb', message: 'Writing', until: iso(3_600_000) });
  expect(put.status).toBe(200);
  return ada;
}

async function expectSurvived(base: string, ada: Awaited<ReturnType<typeof publish>>): Promise<void> {
  const me = await fetch(`${base}/api/v1/me/status`, { headers: { authorization: `Bearer ${ada.token}` } });
  expect(me.status).toBe(200);
  expect(await me.json()).toMatchObject({ availability: 'DoNotDisturb', message: 'Writing', seq: 1 });
  const view = await fetch(`${base}/api/v1/s/${ada.share.id}`);
  expect(await view.json()).toMatchObject({ availability: 'DoNotDisturb', seq: 1 });
}

afterEach(killAll);
afterAll(async () => {
  for (const c of cleanups.splice(0)) await c();
});

// Each test starts two relay processes; a loaded machine needs more than the default budget.
describe('acknowledged writes survive restarts', { timeout: 90_000 }, () => {
  it('embedded store: a killed relay comes back with the same status, token and share', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-durable-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const ada = await publish(await relayWith({ RELAY_DATA_DIR: dir }));
    await killAll();
    await expectSurvived(await relayWith({ RELAY_DATA_DIR: dir }), ada);
  });

  describe('on Redis', () => {
    let redis: TestRedis;
    redisForBlock((started) => (redis = started));

    it('a killed relay replaced by a new one serves the same status', async () => {
      const ada = await publish(await relayWith({ REDIS_URL: redis.url }));
      await killAll();
      await expectSurvived(await relayWith({ REDIS_URL: redis.url }), ada);
    });

    it('a Redis restart keeps every acknowledged write', async () => {
      const base = await relayWith({ REDIS_URL: redis.url });
      const ada = await publish(base);
      await redis.stop();
      await redis.start();
      const deadline = Date.now() + 20_000;
      while ((await fetch(`${base}/readyz`)).status !== 200) {
        if (Date.now() > deadline) throw new Error('relay did not become ready after Redis came back');
        await new Promise((r) => setTimeout(r, 100));
      }
      await expectSurvived(base, ada);
    });
  });
});
