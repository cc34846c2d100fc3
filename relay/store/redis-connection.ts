import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { RedisClient } from './redis-scripts';
import { batchClientWrites } from './redis-write-batching';
import { LeaseLostError, StoreConflictError, StoreUnavailableError, UnknownUserError } from './store';

/** How quickly the Redis store gives up on an answer; all are well under the relay's 503 budget. */
export interface RedisTimeouts {
  /** A command without a reply by then fails (a hung or black-holed server). Default 1000. */
  commandTimeoutMs?: number;
  /** A TCP connect attempt fails after this. Default 1000. */
  connectTimeoutMs?: number;
  /** Reconnect backoff doubles from 50 ms up to this cap. Default 1000. */
  maxReconnectDelayMs?: number;
}

/**
 * Fail fast, never queue, never give up: while Redis is away every command rejects at once
 * (no offline queue, in-flight commands flushed on disconnect, none resent — a resent write
 * could apply twice), and the client keeps reconnecting on a capped backoff by itself.
 */
export function connectionOptions(t: RedisTimeouts): RedisOptions {
  const cap = t.maxReconnectDelayMs ?? 1000;
  return {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    autoResubscribe: false,
    commandTimeout: t.commandTimeoutMs ?? 1000,
    connectTimeout: t.connectTimeoutMs ?? 1000,
    // A dropped hung socket is destroyed this soon if its FIN goes unanswered.
    disconnectTimeout: 500,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times - 1, 10), cap),
  };
}

/** Hide a password in logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable REDIS_URL)';
  }
}

/** Where the store's Redis is: one server (REDIS_URL) or a cluster's seed nodes (REDIS_CLUSTER_NODES). */
export type RedisTarget = { url: string } | { clusterNodes: readonly string[]; password?: string };

export function describeTarget(target: RedisTarget): string {
  return 'url' in target ? redactUrl(target.url) : `cluster ${target.clusterNodes.join(',')}`;
}

/**
 * One connection (a Cluster client: one per master, slots followed through MOVED and failovers)
 * with its 'error' events logged (an unhandled 'error' would crash the process), once per
 * outage rather than on every reconnect attempt. A request's independent commands are sent
 * together (Promise.all) and cost one round trip.
 */
export function openConnection(target: RedisTarget, role: string, options: RedisOptions, log: (msg: string) => void): RedisClient {
  // No auto-pipelining: measured on one Redis its per-command bookkeeping cost more than it
  // saved (a request's independent commands are in flight together anyway), and on a cluster
  // it batched commands of different slots into one pipeline, which the cluster refuses. The
  // command connection batches its socket writes instead (redis-write-batching.ts).
  const redis: RedisClient =
    'clusterNodes' in target && role === 'subscriber'
      ? clusterSubscriber(target, options)
      : 'url' in target
      ? new Redis(target.url, options)
      : new Cluster(
          seedsOf(target),
          {
            redisOptions: { ...options, password: target.password },
            enableOfflineQueue: false,
            enableReadyCheck: true,
            maxRedirections: 16,
            // While a node restarts, its slots' commands are retried on the new map a few times.
            retryDelayOnMoved: 50,
            retryDelayOnClusterDown: 100,
            retryDelayOnFailover: 100,
            clusterRetryStrategy: (times) => Math.min(50 * 2 ** Math.min(times - 1, 10), 1000),
          },
        );
  if (role === 'command') batchClientWrites(redis);
  let down = false;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    log(`store: Redis ${role} connection to ${describeTarget(target)} failed (${err.message}); reconnecting`);
  });
  redis.on('ready', () => {
    if (down) log(`store: Redis ${role} connection is back`);
    down = false;
  });
  return redis;
}

/** `host:port` (or `[v6]:port`) seeds as host and port. */
function seedsOf(target: { clusterNodes: readonly string[] }): { host: string; port: number }[] {
  return target.clusterNodes.map((node) => {
    const at = node.lastIndexOf(':');
    return { host: node.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(node.slice(at + 1)) };
  });
}

/**
 * The events connection on a cluster: a plain connection to one seed node (a cluster delivers
 * every PUBLISH to subscribers on every node), moving to the next seed on each reconnect
 * attempt. Plain, because ioredis's Cluster re-subscribes on another node silently, and the
 * store must know when its feed broke so that what it shows is read again (redis-subscriber.ts).
 */
function clusterSubscriber(target: { clusterNodes: readonly string[]; password?: string }, options: RedisOptions): Redis {
  const seeds = seedsOf(target);
  const redis: Redis = new Redis({
    ...options,
    ...seeds[0],
    password: target.password,
    retryStrategy: (times) => {
      // The connector reads host and port from these options on every connect.
      Object.assign(redis.options, seeds[times % seeds.length]);
      return options.retryStrategy ? options.retryStrategy(times) : 100;
    },
  });
  return redis;
}

/** Our own domain errors pass through; anything Redis throws means it could not answer. */
export function toStoreError(err: unknown): Error {
  if (err instanceof UnknownUserError || err instanceof StoreConflictError || err instanceof StoreUnavailableError || err instanceof LeaseLostError || err instanceof RangeError) {
    return err;
  }
  const message = err instanceof Error ? err.message : String(err);
  return new StoreUnavailableError(`Redis did not answer: ${message}`, { cause: err });
}

/**
 * A command timed out on an open connection: the server is hung or the network black-holes
 * us, and TCP will not notice for minutes. Drop the socket so the client reconnects (and its
 * in-flight commands fail now) instead of timing out one command after another.
 */
export function dropIfHung(redis: RedisClient, err: unknown): void {
  if (!(err instanceof Error) || err.message !== 'Command timed out' || redis.status !== 'ready' || dropping.has(redis)) return;
  dropping.add(redis);
  redis.once('close', () => dropping.delete(redis));
  redis.disconnect(true);
}

/** Connections already being dropped: many commands time out together, one drop is enough. */
const dropping = new WeakSet<RedisClient>();
