// A Redis Cluster for another process (bench:relay): starts one like the tests do, prints
// `cluster ready <host:port,…>`, and removes it on SIGTERM or SIGINT.
import { startRedisCluster } from './redis-cluster';

const cluster = await startRedisCluster();
console.log(`cluster ready ${cluster.env}`);
const stop = () => void cluster.dispose().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
