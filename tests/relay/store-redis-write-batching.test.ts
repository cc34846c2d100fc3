import { Writable } from 'node:stream';
import type { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionOptions, openConnection } from '../../relay/store/redis-connection';
import { batchWrites } from '../../relay/store/redis-write-batching';
import { startRedis, type TestRedis } from '../support/redis';
import { startRedisCluster, type TestRedisCluster } from '../support/redis-cluster';

/** A socket stand-in that records each write the kernel would have seen (one per _write/_writev). */
function recordingSocket(): { socket: Writable; sends: string[][] } {
  const sends: string[][] = [];
  const socket = new Writable({
    decodeStrings: false,
    write(chunk: string, _enc, done) {
      sends.push([chunk]);
      done();
    },
    writev(chunks, done) {
      sends.push(chunks.map((c) => c.chunk as string));
      done();
    },
  });
  return { socket, sends };
}

const nextTurn = () => new Promise<void>((r) => setImmediate(r));

describe('Redis command writes batched per event-loop turn', () => {
  it('sends the commands written in one turn as one write, in order, and the next turn as another', async () => {
    const { socket, sends } = recordingSocket();
    batchWrites(socket);
    socket.write('GET a');
    socket.write('GET b');
    // A promise continuation in the same turn still joins the batch.
    await Promise.resolve();
    socket.write('GET c');
    expect(sends).toEqual([]);
    await nextTurn();
    expect(sends).toEqual([['GET a', 'GET b', 'GET c']]);
    socket.write('GET d');
    await nextTurn();
    expect(sends).toEqual([['GET a', 'GET b', 'GET c'], ['GET d']]);
  });

  it('batches a socket once however often it is asked (a reconnect reports the same socket again)', async () => {
    const { socket, sends } = recordingSocket();
    batchWrites(socket);
    batchWrites(socket);
    socket.write('PING');
    await nextTurn();
    expect(sends).toEqual([['PING']]);
    expect(socket.writableCorked).toBe(0);
  });

  it('flushes what is batched when the socket is ended in the same turn', async () => {
    const { socket, sends } = recordingSocket();
    batchWrites(socket);
    socket.write('SET a 1');
    const finished = new Promise<void>((r) => socket.once('finish', () => r()));
    socket.end('QUIT');
    await finished;
    expect(sends.flat()).toEqual(['SET a 1', 'QUIT']);
    await nextTurn();
    expect(sends.flat()).toEqual(['SET a 1', 'QUIT']);
  });
});

/** Socket writes (syscalls, in effect) a connected client's socket makes from now on. */
function countWrites(socket: Writable): () => number {
  let n = 0;
  const s = socket as Writable & { _write: (...a: unknown[]) => void; _writev?: (...a: unknown[]) => void };
  const write = s._write.bind(s);
  const writev = s._writev?.bind(s);
  s._write = (...a) => (n++, write(...a));
  if (writev) s._writev = (...a) => (n++, writev(...a));
  return () => n;
}

const ready = (client: Redis | Cluster) => new Promise<void>((r) => (client.status === 'ready' ? r() : client.once('ready', () => r())));

describe('the store connection batches its writes (real Redis)', () => {
  let redis: TestRedis;
  let cluster: TestRedisCluster;
  beforeAll(async () => {
    [redis, cluster] = await Promise.all([startRedis(), startRedisCluster()]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([redis?.dispose(), cluster?.dispose()]);
  });

  it('one Redis: twenty commands of one turn are one socket write, each with its own reply', async () => {
    const client = openConnection({ url: redis.url }, 'command', connectionOptions({}), () => {}) as Redis;
    try {
      await ready(client);
      const writes = countWrites(client.stream);
      const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => client.echo(`reply ${i}`)));
      expect(replies).toEqual(Array.from({ length: 20 }, (_, i) => `reply ${i}`));
      expect(writes()).toBe(1);
    } finally {
      client.disconnect();
    }
  });

  it('a cluster: each node\'s socket batches its own commands (never one batch across slots)', async () => {
    const client = openConnection({ clusterNodes: cluster.nodes }, 'command', connectionOptions({}), () => {}) as Cluster;
    try {
      await ready(client);
      // Keys on every master; the first round connects to each, the second is counted.
      const keys = Array.from({ length: 30 }, (_, i) => `batch:${i}`);
      await Promise.all(keys.map((k) => client.set(k, k)));
      const masters = client.nodes('master');
      expect(masters).toHaveLength(3);
      const counters = masters.map((node) => countWrites(node.stream));
      expect(await Promise.all(keys.map((k) => client.get(k)))).toEqual(keys);
      expect(counters.map((c) => c())).toEqual([1, 1, 1]);
    } finally {
      client.disconnect();
    }
  });
});
