import { byId } from './document-order';
import { keys } from './redis-keys';
import type { RedisClient } from './redis-scripts';
import type { DocumentKind, StoredDocument } from './store';

/**
 * Meeting roulette's documents on Redis: one hash per kind (ts:doc:<kind>), so every command
 * touches one key, on one Redis or a Cluster alike.
 */
export const redisDocuments = {
  get: (redis: RedisClient, kind: DocumentKind, id: string): Promise<string | null> => redis.hget(keys.documents(kind), id),

  async list(redis: RedisClient, kind: DocumentKind): Promise<StoredDocument[]> {
    const all = await redis.hgetall(keys.documents(kind));
    return Object.entries(all).map(([id, value]) => ({ id, value })).sort(byId);
  },

  async put(redis: RedisClient, kind: DocumentKind, id: string, value: string): Promise<void> {
    await redis.hset(keys.documents(kind), id, value);
  },

  /** HGET and HDEL in one transaction: a second taker sees the field already gone. */
  async take(redis: RedisClient, kind: DocumentKind, id: string): Promise<string | null> {
    const replies = await redis.multi().hget(keys.documents(kind), id).hdel(keys.documents(kind), id).exec();
    const [getErr, value] = replies?.[0] ?? [null, null];
    if (getErr) throw getErr;
    return (value as string | null) ?? null;
  },
};
