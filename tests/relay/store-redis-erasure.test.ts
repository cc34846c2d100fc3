import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../../relay/store/redis-store';
import { startRedis, type TestRedis } from '../support/redis';
import { until } from '../support/until';
import { HISTORY_DAYS } from './store-factories';
import { makeUser, manual } from './store-support';

/** Every file under Redis's data directory that still holds `needle` (the AOF, its parts, an RDB). */
function filesHolding(dir: string, needle: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesHolding(path, needle));
    else if (readFileSync(path).includes(needle)) out.push(path);
  }
  return out;
}

/**
 * DEL removes a key from memory, but the append-only file keeps every command that wrote it
 * until it is rewritten; a deleted person's data must leave the disk too.
 */
describe('Redis store erasure', () => {
  let redis: TestRedis;
  let store: RedisStore;
  beforeAll(async () => {
    redis = await startRedis();
    store = await RedisStore.connect({ url: redis.url, historyDays: HISTORY_DAYS, log: () => {}, aofRewriteAfterDeleteMs: 200 });
  });
  afterAll(async () => {
    await store?.close();
    await redis?.dispose();
  });

  it('rewrites the append-only file after a deletion, so the person is gone from the disk', async () => {
    const grace = makeUser({ email: 'grace.hopper@example.test', displayName: 'Grace Hopper' });
    await store.createUser(grace);
    await store.applyReport(grace.userId, 'manual', manual('Busy', Date.now()), Date.now());
    await until(() => filesHolding(redis.dir, 'grace.hopper@example.test').length > 0, 'the AOF to hold the email');
    await store.deleteUser(grace.userId);
    await until(() => filesHolding(redis.dir, 'grace.hopper@example.test').length === 0, 'the email to leave every file', 15_000);
    expect(filesHolding(redis.dir, grace.userId)).toEqual([]);
  });

  it('coalesces the rewrites of many deletions into few', async () => {
    const users = Array.from({ length: 20 }, () => makeUser({ email: `someone-${Math.random()}@example.test` }));
    for (const u of users) await store.createUser(u);
    const before = await rewrites();
    await Promise.all(users.map((u) => store.deleteUser(u.userId)));
    await until(async () => users.every((u) => filesHolding(redis.dir, u.email!).length === 0), 'every email to leave the disk', 15_000);
    expect((await rewrites()) - before).toBeLessThanOrEqual(3);
  });

  async function rewrites(): Promise<number> {
    const { Redis } = await import('ioredis');
    const c = new Redis(redis.url);
    try {
      const info = await c.info('persistence');
      return Number(/aof_rewrites:(\d+)/.exec(info)?.[1] ?? NaN);
    } finally {
      c.disconnect();
    }
  }
});
