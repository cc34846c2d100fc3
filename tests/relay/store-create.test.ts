import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../relay/store/create-store';
import { EmbeddedStore } from '../../relay/store/embedded-store';
import { RedisStore } from '../../relay/store/redis-store';
import { HISTORY_DAYS, redisFactory } from './store-factories';

describe('createStore', () => {
  const redis = redisFactory();
  beforeAll(() => redis.start());
  afterAll(() => redis.stop());

  it('picks Redis when a URL is given and the embedded store otherwise', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ts-create-'));
    try {
      const local = await createStore({ dataDir, historyDays: HISTORY_DAYS, log: () => {} });
      expect(local).toBeInstanceOf(EmbeddedStore);
      await local.close();
      const shared = await createStore({ redisUrl: redis.server().url, dataDir, historyDays: HISTORY_DAYS, log: () => {} });
      expect(shared).toBeInstanceOf(RedisStore);
      await shared.ping();
      await shared.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
