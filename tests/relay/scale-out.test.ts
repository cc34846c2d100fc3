import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../support/redis';
import { putSource, register, startRelayProcess, type RelayProcess } from '../support/relay-process';
import { openSse } from '../support/sse-client';

const iso = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString();
const PER_TOKEN = 4;

let redis: TestRedis;
let a: RelayProcess;
let b: RelayProcess;

beforeAll(async () => {
  redis = await startRedis();
  const env = { REDIS_URL: redis.url, PUBLIC_URL: 'https://status.example.test', RATE_LIMIT_PER_TOKEN: String(PER_TOKEN), RATE_LIMIT_PER_IP: '100000' };
  [a, b] = await Promise.all([startRelayProcess(env), startRelayProcess(env)]);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.dispose();
});

describe('two relay processes on one Redis', { timeout: 60_000 }, () => {
  it('a status PUT through A reaches an SSE subscriber on B', async () => {
    const ada = await register(a.url);
    const sse = await openSse(`${b.url}/api/v1/s/${ada.share.id}/events`);
    try {
      expect(JSON.parse((await sse.nextEvent()).data)).toMatchObject({ availability: 'Unknown', seq: 0 });
      expect((await putSource(a.url, ada.token, 'teams-web', { observedAt: iso(), call: { inCall: true } })).status).toBe(200);
      const event = await sse.nextEvent();
      expect(event.id).toBe('1');
      expect(JSON.parse(event.data)).toMatchObject({ availability: 'Busy', seq: 1 });
    } finally {
      sse.close();
    }
  });

  it('a share rotated on A is 404 on B at once, and B ends its streams for the old id', async () => {
    const bob = await register(b.url, { displayName: 'Bob' });
    const sse = await openSse(`${b.url}/api/v1/s/${bob.share.id}/events`);
    await sse.nextEvent();
    const rotated = await fetch(`${a.url}/api/v1/me/share`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bob.token}` },
      body: JSON.stringify({ rotate: true }),
    });
    const next = (await rotated.json()) as { id: string };
    expect((await fetch(`${b.url}/api/v1/s/${bob.share.id}`)).status).toBe(404);
    expect((await fetch(`${b.url}/api/v1/s/${next.id}`)).status).toBe(200);
    expect((await sse.nextEvent()).event).toBe('revoked');
    await sse.ended;
  });

  it('the per-token rate limit counts requests on both replicas together', async () => {
    const cat = await register(a.url, { displayName: 'Cat' });
    const get = (url: string) => fetch(`${url}/api/v1/me/status`, { headers: { authorization: `Bearer ${cat.token}` } });
    const statuses: number[] = [];
    for (let i = 0; i < PER_TOKEN; i++) statuses.push((await get(i % 2 === 0 ? a.url : b.url)).status);
    expect(statuses).toEqual(Array(PER_TOKEN).fill(200));
    const overA = await get(a.url);
    const overB = await get(b.url);
    expect([overA.status, overB.status]).toEqual([429, 429]);
    expect(overB.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
