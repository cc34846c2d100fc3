import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../../relay/store/redis-store';
import { putSource, register, startTestRelay } from '../support/relay-process';
import { startRedis, type TestRedis } from '../support/redis';
import { openSse } from '../support/sse-client';
import { until } from '../support/until';
import { HISTORY_DAYS } from './store-factories';
import { startFreezableProxy } from './store-tcp-proxy';

const open = (url: string) => RedisStore.connect({ url, historyDays: HISTORY_DAYS, log: () => {} });

/** Pub/sub is at-most-once: what was published while a replica's subscriber was away must be made up. */
describe('event streams after the store subscriber reconnects', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.dispose();
  });

  it('brings every open stream up to date with what changed while it was cut off', { timeout: 30_000 }, async () => {
    const proxy = await startFreezableProxy(Number(new URL(redis.url).port));
    const cutOff = await open(proxy.url);
    const direct = await open(redis.url);
    const viewer = await startTestRelay(cutOff);
    const writer = await startTestRelay(direct);
    try {
      const ada = await register(writer.url);
      const bob = await register(writer.url);
      await putSource(writer.url, ada.token, 'manual', { observedAt: new Date().toISOString(), availability: 'Available' });
      const adaStream = await openSse(`${viewer.url}/api/v1/s/${ada.share.id}/events`);
      const bobStream = await openSse(`${viewer.url}/api/v1/s/${bob.share.id}/events`);
      expect(JSON.parse((await adaStream.nextEvent()).data)).toMatchObject({ availability: 'Available' });
      expect(JSON.parse((await bobStream.nextEvent()).data)).toMatchObject({ availability: 'Unknown' });

      proxy.down();
      await until(() => cutOff.ping().then(() => false, () => true), 'the cut-off store notices');
      await putSource(writer.url, ada.token, 'manual', { observedAt: new Date().toISOString(), availability: 'DoNotDisturb' });
      await fetch(`${writer.url}/api/v1/me`, { method: 'DELETE', headers: { authorization: `Bearer ${bob.token}` } });
      proxy.up();

      expect(JSON.parse((await adaStream.nextEvent(15_000)).data)).toMatchObject({ availability: 'DoNotDisturb' });
      const revoked = await bobStream.nextEvent(15_000);
      expect(revoked.event).toBe('revoked');
      adaStream.close();
    } finally {
      await viewer.close();
      await writer.close();
      await cutOff.close();
      await direct.close();
      await proxy.close();
    }
  });
});
