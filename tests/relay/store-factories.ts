import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { EmbeddedStore } from '../../relay/store/embedded-store';
import { RedisStore } from '../../relay/store/redis-store';
import type { Store } from '../../relay/store/store';
import { startRedis, type TestRedis } from '../support/redis';
import { startRedisCluster, type TestRedisCluster } from '../support/redis-cluster';

/** How the contract suite gets a store of one kind; `stop` releases whatever `start` made. */
export interface StoreFactory {
  name: string;
  start(): Promise<void>;
  open(): Promise<Store>;
  stop(): Promise<void>;
}

export const HISTORY_DAYS = 30;

export function embeddedFactory(): StoreFactory {
  let dir = '';
  return {
    name: 'embedded',
    async start() {
      dir = mkdtempSync(join(tmpdir(), 'ts-embedded-'));
    },
    open: () => EmbeddedStore.open({ dataDir: dir, historyDays: HISTORY_DAYS, log: () => {} }),
    async stop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function redisFactory(): StoreFactory & { server(): TestRedis } {
  let redis: TestRedis | null = null;
  return {
    name: 'redis',
    async start() {
      redis = await startRedis();
    },
    open: () => RedisStore.connect({ url: redis!.url, historyDays: HISTORY_DAYS, log: () => {} }),
    async stop() {
      await redis?.dispose();
    },
    server: () => redis!,
  };
}

/**
 * Both kinds, fresh, for `describe.each`: every contract holds for the embedded store and Redis
 * alike; `{ cluster: true }` adds a real three-master Redis Cluster (the store contract suites).
 */
/**
 * The contract suites' stores. Their cluster's commands may wait 5 s, not the relay's 1 s: three
 * masters on two CPUs beside a full test run can miss a second, and one command that times out
 * makes the client reconnect the whole cluster under the file's remaining tests. What a command
 * timeout does is the fault tests' subject, with the relay's own setting.
 */
export const storeFactories = (options: { cluster?: boolean } = {}): StoreFactory[] => [embeddedFactory(), redisFactory(), ...(options.cluster ? [clusterFactory({ commandTimeoutMs: 5000 })] : [])];

/**
 * One store of `factory` for the enclosing block: started and opened before its tests, closed and
 * stopped after them. `opened` receives it. Hooks registered later (a relay over the store) undo
 * first, since after-hooks run in reverse order.
 */
export function storeForBlock(factory: StoreFactory, opened: (store: Store) => void): void {
  let store: Store | undefined;
  beforeAll(async () => {
    await factory.start();
    store = await factory.open();
    opened(store);
  });
  afterAll(async () => {
    await store?.close();
    await factory.stop();
  });
}

/** A private redis-server (no store over it) for the enclosing block, as storeForBlock does a store. */
export function redisForBlock(started: (redis: TestRedis) => void): void {
  let redis: TestRedis | undefined;
  beforeAll(async () => {
    redis = await startRedis();
    started(redis);
  });
  afterAll(() => redis?.dispose());
}

/** The Redis store on a real three-master Redis Cluster (one per test file). */
export function clusterFactory(timeouts: { commandTimeoutMs?: number } = {}): StoreFactory & { cluster(): TestRedisCluster } {
  let cluster: TestRedisCluster | null = null;
  return {
    name: 'redis cluster',
    async start() {
      cluster = await startRedisCluster();
    },
    open: () => RedisStore.connect({ clusterNodes: cluster!.nodes, historyDays: HISTORY_DAYS, log: () => {}, ...timeouts }, 15_000),
    async stop() {
      await cluster?.dispose();
    },
    cluster: () => cluster!,
  };
}
