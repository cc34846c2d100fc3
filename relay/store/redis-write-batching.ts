import type { Writable } from 'node:stream';
import { Cluster, type Redis } from 'ioredis';
import type { RedisClient } from './redis-scripts';

const batched = new WeakSet<Writable>();

/**
 * Commands written to one socket during one turn of the event loop leave together in one TCP
 * write: the socket is corked at the first write and uncorked when the turn's I/O callbacks are
 * done (setImmediate). Under load, many requests' commands are sent in the same turn, and each
 * separate write on loopback TCP cost the relay a syscall and Redis a read of its own: measured,
 * the relay spent a quarter of its CPU in them (docs/benchmarks.md). Nothing waits longer than
 * the rest of the turn, replies are unchanged, and order on the socket is kept. Unlike ioredis'
 * auto-pipelining this adds no per-command bookkeeping and never groups commands of different
 * cluster slots (each node's socket batches its own).
 */
export function batchWrites(socket: Writable): void {
  if (batched.has(socket)) return;
  batched.add(socket);
  let corked = false;
  const flush = () => {
    corked = false;
    socket.uncork();
  };
  const write = socket.write;
  socket.write = function (this: Writable, ...args: Parameters<Writable['write']>) {
    if (!corked) {
      corked = true;
      socket.cork();
      setImmediate(flush);
    }
    return write.apply(this, args);
  } as Writable['write'];
}

/** Every socket of this client (each reconnect's, each cluster node's) batches its writes. */
export function batchClientWrites(client: RedisClient): void {
  const follow = (redis: Redis) => {
    if (redis.stream) batchWrites(redis.stream);
    redis.on('connect', () => batchWrites(redis.stream));
  };
  if (client instanceof Cluster) client.on('+node', follow);
  else follow(client);
}
