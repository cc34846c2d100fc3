import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeReceiver, type Received } from '../../fakes/notify/receiver';
import { startRedis, type TestRedis } from '../../support/redis';
import { LIFTED_LIMITS, register, type RelayProcess, startRelayProcess } from '../../support/relay-process';
import { until } from '../../support/until';
import { call } from './notify-support';

/**
 * An idempotent receiver, as a webhook's should be: it acts on each webhook-id once and
 * answers 200 to repeats. It answers slowly, so a relay can be killed in the middle.
 */
function idempotentReceiver() {
  const handled = new Map<string, number>();
  const receiver = new FakeReceiver(async (req: Received) => {
    await new Promise((r) => setTimeout(r, 150));
    const id = String(req.headers['webhook-id']);
    handled.set(id, (handled.get(id) ?? 0) + 1);
    return { status: 200 };
  });
  return { receiver, handled };
}

describe('delivery across replicas on one Redis', { timeout: 90_000 }, () => {
  let redis: TestRedis;
  let a: RelayProcess;
  let b: RelayProcess;
  const { receiver, handled } = idempotentReceiver();

  beforeAll(async () => {
    await receiver.start();
    redis = await startRedis();
    const env = {
      REDIS_URL: redis.url,
      PUBLIC_URL: 'https://status.example.test',
      ...LIFTED_LIMITS,
      NOTIFY_ALLOW_PRIVATE_NETWORKS: 'true',
      NOTIFY_DEBOUNCE_SECONDS: '0',
      NOTIFY_LEASE_MS: '1500',
      NOTIFY_POLL_MS: '100',
      NOTIFY_RETRY_BASE_MS: '100',
    };
    [a, b] = await Promise.all([startRelayProcess(env), startRelayProcess(env)]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop('SIGKILL'), b?.stop()]);
    await redis?.dispose();
    await receiver.stop();
  });

  it('kill -9 of a replica mid-delivery: every event is delivered, none acted on twice by an idempotent receiver', async () => {
    const ada = await register(a.url);
    const ch = await call(a.url, 'POST', '/api/v1/me/channels', ada.token, { type: 'webhook', url: `${receiver.url}/kill` });
    await call(a.url, 'PUT', '/api/v1/me/rules', ada.token, { rules: [{ channelId: ch.json.id, when: 'any-change' }] });
    const changes = 20;
    let t = Date.now() - 60_000;
    for (let i = 0; i < changes; i++) {
      const res = await call(i % 2 === 0 ? a.url : b.url, 'PUT', '/api/v1/me/sources/manual', ada.token, { observedAt: new Date((t += 1000)).toISOString(), availability: i % 2 === 0 ? 'Busy' : 'Available' });
      expect(res.status).toBe(200);
    }
    // Some deliveries under way: then A dies without a word, leases and claims and all.
    await receiver.waitFor(3, (r) => r.path === '/kill');
    await a.stop('SIGKILL');
    await until(() => handled.size === changes, `${changes} distinct events delivered`, 30_000);
    expect([...handled.values()].every((n) => n >= 1)).toBe(true);
    // Acted on once each: the receiver's effect is one per webhook-id however many arrived.
    expect(handled.size).toBe(changes);
    const items = await until(async () => {
      const d = await call(b.url, 'GET', `/api/v1/me/channels/${String(ch.json.id)}/deliveries`, ada.token);
      return d.json.items?.length === changes && d.json.items.every((x) => x.state === 'delivered') ? d.json.items : null;
    }, 'every record delivered');
    expect(new Set(items.map((x) => x.eventId))).toEqual(new Set(handled.keys()));
  });

  it('a Redis restart keeps the queue: what was waiting is delivered once Redis is back', async () => {
    const bo = await register(b.url, { displayName: 'Bo' });
    const down = new FakeReceiver(() => ({ status: 503, headers: { 'Retry-After': '2' } }));
    await down.start();
    try {
      const ch = await call(b.url, 'POST', '/api/v1/me/channels', bo.token, { type: 'webhook', url: `${down.url}/later` });
      await call(b.url, 'PUT', '/api/v1/me/rules', bo.token, { rules: [{ channelId: ch.json.id, when: 'any-change' }] });
      await call(b.url, 'PUT', '/api/v1/me/sources/manual', bo.token, { observedAt: new Date().toISOString(), availability: 'DoNotDisturb' });
      await down.waitFor(1);
      await redis.stop();
      await redis.start();
      down.respond(() => ({ status: 204 }));
      const items = await until(async () => {
        const d = await call(b.url, 'GET', `/api/v1/me/channels/${String(ch.json.id)}/deliveries`, bo.token);
        return d.json.items?.[0]?.state === 'delivered' ? d.json.items : null;
      }, 'delivered after the restart', 30_000);
      expect(items[0]!.attempts).toBeGreaterThanOrEqual(2);
      expect(new Set(down.requests.map((r) => r.headers['webhook-id'])).size).toBe(1);
    } finally {
      await down.stop();
    }
  });
});
