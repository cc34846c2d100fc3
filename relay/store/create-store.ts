import { EmbeddedStore } from './embedded-store';
import { RedisStore } from './redis-store';
import type { Store } from './store';

/** What the relay's composition root passes to createStore (from REDIS_URL, RELAY_DATA_DIR, HISTORY_DAYS). */
export interface CreateStoreOptions {
  /** Set: the Redis store (any number of replicas). Unset: the embedded store (one relay). */
  redisUrl?: string;
  /** Set: the Redis store on a Redis Cluster (REDIS_CLUSTER_NODES). */
  redisCluster?: { nodes: string[]; password: string | null } | null;
  /** The embedded store's directory (RELAY_DATA_DIR, default `.data/`). */
  dataDir: string;
  historyDays: number;
  log?: (msg: string) => void;
}

export async function createStore(options: CreateStoreOptions): Promise<Store> {
  if (options.redisCluster) {
    return RedisStore.connect({ clusterNodes: options.redisCluster.nodes, clusterPassword: options.redisCluster.password ?? undefined, historyDays: options.historyDays, log: options.log });
  }
  if (options.redisUrl) {
    return RedisStore.connect({ url: options.redisUrl, historyDays: options.historyDays, log: options.log });
  }
  return EmbeddedStore.open({ dataDir: options.dataDir, historyDays: options.historyDays, log: options.log, compactAfterDelete: true });
}
