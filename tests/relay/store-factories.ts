import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** The Redis store on a real three-master Redis Cluster (one per test file). */
export function clusterFactory(): StoreFactory & { cluster(): TestRedisCluster } {
  let cluster: TestRedisCluster | null = null;
  return {
    name: 'redis cluster',
    async start() {
      cluster = await startRedisCluster();
    },
    open: () => RedisStore.connect({ clusterNodes: cluster!.nodes, historyDays: HISTORY_DAYS, log: () => {} }, 15_000),
    async stop() {
      await cluster?.dispose();
    },
    cluster: () => cluster!,
  };
}
