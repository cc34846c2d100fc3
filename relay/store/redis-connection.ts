import { Redis, type RedisOptions } from 'ioredis';
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

/**
 * One connection with its 'error' events logged (an unhandled 'error' would crash the
 * process), once per outage rather than on every reconnect attempt.
 */
export function openConnection(url: string, role: string, options: RedisOptions, log: (msg: string) => void): Redis {
  const redis = new Redis(url, options);
  let down = false;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    log(`store: Redis ${role} connection to ${redactUrl(url)} failed (${err.message}); reconnecting`);
  });
  redis.on('ready', () => {
    if (down) log(`store: Redis ${role} connection is back`);
    down = false;
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
export function dropIfHung(redis: Redis, err: unknown): void {
  if (!(err instanceof Error) || err.message !== 'Command timed out' || redis.status !== 'ready' || dropping.has(redis)) return;
  dropping.add(redis);
  redis.once('close', () => dropping.delete(redis));
  redis.disconnect(true);
}

/** Connections already being dropped: many commands time out together, one drop is enough. */
const dropping = new WeakSet<Redis>();
