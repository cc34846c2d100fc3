import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../relay/store/create-store';
import type { Store } from '../../relay/store/store';
import { createRelayClient, normaliseRelayUrl } from '../../extension/sync/relay-client';
import { classify, RelayError } from '../../extension/sync/relay-errors';
import { freePort } from '../support/ports';
import { startRedis, type TestRedis } from '../support/redis';
import { startTestRelay } from '../support/relay-process';

let redis: TestRedis;
let store: Store;
let relay: { url: string; close(): Promise<void> };
let html: Server;
let htmlUrl: string;
const dataDir = mkdtempSync(join(tmpdir(), 'relay-client-'));

beforeAll(async () => {
  redis = await startRedis();
  store = await createStore({ redisUrl: redis.url, dataDir, historyDays: 30 });
  relay = await startTestRelay(store);
  // A web server that is not a relay: what a mistyped address or a captive portal answers.
  html = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Welcome</title>');
  });
  await new Promise<void>((ok) => html.listen(0, '127.0.0.1', ok));
  const addr = html.address();
  htmlUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});

afterAll(async () => {
  await relay?.close();
  await store?.close();
  await redis?.dispose();
  await new Promise((ok) => html?.close(ok));
  rmSync(dataDir, { recursive: true, force: true });
});

const now = () => new Date().toISOString();

async function person() {
  const info = await createRelayClient(relay.url).register({ displayName: 'Ada', timeZone: 'Europe/Berlin' });
  return { info, client: createRelayClient(relay.url, { token: info.token }) };
}

describe('relay client against the real relay on Redis', () => {
  it('registers and gets a token and a basic share', async () => {
    const { info } = await person();
    expect(info.token.length).toBeGreaterThan(10);
    expect(info.share).toMatchObject({ level: 'basic' });
    expect(info.share.url).toContain(info.share.id);
  });

  it('publishes a report; replaying the same report (an outbox retry) is not applied twice', async () => {
    const { client, info } = await person();
    const report = { observedAt: now(), call: { inCall: true, muted: true } };
    const first = await client.putSource('teams-local', report, 'key-1');
    expect(first).toMatchObject({ applied: true, status: { availability: 'Busy', activity: 'InACall' } });
    const replay = await client.putSource('teams-local', report, 'key-1');
    expect(replay.applied).toBe(false);
    expect(replay.status.seq).toBe(first.status.seq);
    const share = await client.share({ level: 'detailed' });
    const view = (await (await fetch(`${relay.url}/api/v1/s/${share.id}`)).json()) as { call: unknown; seq: number };
    expect(view).toMatchObject({ call: { inCall: true, muted: true }, seq: first.status.seq });
    expect(share.id).toBe(info.share.id);
  });

  it('forgets a source, rotates the share and deletes the person', async () => {
    const { client, info } = await person();
    await client.putSource('manual', { observedAt: now(), availability: 'DoNotDisturb' }, 'k');
    await client.deleteSource('manual', 'k2');
    const rotated = await client.share({ rotate: true });
    expect(rotated.id).not.toBe(info.share.id);
    expect((await fetch(`${relay.url}/api/v1/s/${info.share.id}`)).status).toBe(404);
    await client.deleteMe();
    const gone = await client.putSource('manual', { observedAt: now(), availability: 'Busy' }, 'k3').catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(RelayError);
    expect(classify(gone)).toBe('revoked');
  });

  it('a wrong token is 401: the outbox marks the link revoked', async () => {
    const err = await createRelayClient(relay.url, { token: 'not-a-token' })
      .putSource('teams-web', { observedAt: now(), call: null }, 'k')
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'http', status: 401, code: 'unauthorized' });
    expect(classify(err)).toBe('revoked');
  });

  it('a report the relay rejects is a 4xx naming the field: the outbox drops it', async () => {
    const { client } = await person();
    const bad = { observedAt: now(), call: { inCall: 'yes' } } as never;
    const err = await client.putSource('teams-web', bad, 'k').catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'http', status: 400, code: 'invalid_field' });
    expect((err as Error).message).toMatch(/call\.inCall/);
    expect(classify(err)).toBe('drop');
  });

  it('a store outage is a 503: the outbox keeps the report and retries', async () => {
    const { client } = await person();
    await redis.stop();
    try {
      const err = await client.putSource('teams-web', { observedAt: now(), call: null }, 'k').catch((e: unknown) => e);
      expect(err).toMatchObject({ kind: 'http', status: 503 });
      expect(classify(err)).toBe('retry');
    } finally {
      await redis.start();
      // The store reconnects on its own; wait until the relay says it is ready again.
      for (let i = 0; i < 200 && (await fetch(`${relay.url}/readyz`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 50));
    }
  });

  it('an unreachable relay is a network error: retry', async () => {
    const port = await freePort();
    const err = await createRelayClient(`http://127.0.0.1:${port}`).register({ displayName: 'Ada' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'network' });
    expect((err as Error).message).toMatch(/could not be reached/);
    expect(classify(err)).toBe('retry');
  });

  it('a server answering HTML is named as not being the Teams Status API', async () => {
    const err = await createRelayClient(htmlUrl).register({ displayName: 'Ada' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'invalid-response' });
    expect((err as Error).message).toMatch(/not the Teams Status API.*text\/html/);
  });

  it('a relay with closed registration is explained when connecting', async () => {
    const closed = await startTestRelay(store, { RELAY_REGISTRATION: 'closed', RELAY_ADMIN_TOKEN: 'admin-token-0123456789-abcdefghijklmnop' });
    try {
      const { RelayLink } = await import('../../extension/sync/relay-link');
      const slot = <T,>(v: T) => ({ get: async () => v, set: async (n: T) => void (v = n), clear: async () => undefined });
      const db = { outboxCount: async () => 0 } as never;
      const link = new RelayLink({ connection: slot(null), health: slot(null), db, schedule: () => undefined, hasAccess: async () => true, onChange: () => undefined });
      await expect(link.connect(closed.url, 'Ada', 'UTC')).rejects.toThrow(/registration is closed/);
      expect(link.connection()).toBeNull();
    } finally {
      await closed.close();
    }
  });

  it('normalises addresses and refuses ones that are not web addresses', () => {
    expect(normaliseRelayUrl(' https://relay.example.com/ ')).toBe('https://relay.example.com');
    expect(normaliseRelayUrl('https://example.com/teams/')).toBe('https://example.com/teams');
    expect(() => normaliseRelayUrl('relay.example.com')).toThrow(/not a web address/);
    expect(() => normaliseRelayUrl('ftp://relay.example.com')).toThrow(/https:\/\//);
  });
});
