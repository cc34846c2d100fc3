/**
 * Where a store is, in words for log lines and the start banner: "Redis at host:port", a
 * cluster's seeds, or the embedded store. Each store says it of itself (Store.place).
 */
export function storePlace(config: { redisUrl: string | null; redisCluster: { nodes: readonly string[] } | null }): string {
  if (config.redisCluster) return `the Redis cluster at ${config.redisCluster.nodes.join(',')}`;
  if (!config.redisUrl) return 'the embedded store';
  try {
    return `Redis at ${new URL(config.redisUrl).host}`;
  } catch {
    return 'Redis';
  }
}
