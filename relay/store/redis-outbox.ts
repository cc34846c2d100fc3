import { Cluster } from 'ioredis';
import { keys, OUTBOX_PATTERN, outboxOwner } from './redis-keys';
import type { RedisClient } from './redis-scripts';

/** One outbox entry as XRANGE returns it: id `<version>-1`, fields ['c', JSON QueuedChange]. */
export type OutboxEntry = [id: string, fields: string[]];

/** Keys looked at per SCAN call; a master answers each in well under a millisecond. */
const SCAN_COUNT = 1000;

/*
 * The transactional outbox of a cluster's notifications (layout: redis-keys.ts). Moving is two
 * steps in two slots, each atomic:
 *  1. MOVE, in {notify}: entries whose version is above the person's mark in ts:{notify}:moved
 *     go into the queue, and the mark rises. Entries come in version order, and a mover moves
 *     every entry it read, so the mark passes only entries that were moved: moving the same
 *     entry again (the writer and a sweep, or a retry after a crash) adds nothing.
 *  2. DONE, in the person's slot: the moved entries leave the outbox, and an empty outbox goes.
 * A crash before 1 leaves the entry for the sweep; between 1 and 2, the sweep's move is a no-op
 * and its DONE empties the outbox.
 */

/** KEYS queue, moved · ARGV userId, then id, json per entry (ascending) → entries added to the queue. */
const MOVE = `
local mark = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
local n = 0
for i = 2, #ARGV, 2 do
  local v = tonumber(string.match(ARGV[i], '^(%d+)'))
  if v > mark then
    redis.call('XADD', KEYS[1], '*', 'c', ARGV[i + 1])
    mark = v
    n = n + 1
  end
end
if n > 0 then redis.call('HSET', KEYS[2], ARGV[1], mark) end
return n`;

/** KEYS outbox · ARGV ids → 1. */
const DONE = `
redis.call('XDEL', KEYS[1], unpack(ARGV))
if redis.call('XLEN', KEYS[1]) == 0 then redis.call('DEL', KEYS[1]) end
return 1`;

type Runner = (...args: (string | number)[]) => Promise<unknown>;

export class RedisOutbox {
  private readonly move: Runner;
  private readonly done: Runner;

  constructor(
    private readonly redis: RedisClient,
    private readonly log: (msg: string) => void,
  ) {
    redis.defineCommand('tsOutboxMove', { numberOfKeys: 2, lua: MOVE });
    redis.defineCommand('tsOutboxDone', { numberOfKeys: 1, lua: DONE });
    // defineCommand adds the methods at run time; ioredis has no types for them.
    const commands = redis as unknown as Record<'tsOutboxMove' | 'tsOutboxDone', Runner>;
    this.move = (...args) => commands.tsOutboxMove(...args);
    this.done = (...args) => commands.tsOutboxDone(...args);
  }

  /**
   * The writer's move, right after its write. The change is stored, with its notification in the
   * outbox, so the write has succeeded whatever happens here: a failed step is the sweep's to
   * finish. The write waits for the move (its notification is queued when it returns) but not for
   * the removal, which nothing waits on: left undone, the sweep does it, and moving again adds nothing.
   */
  async afterWrite(userId: string, entries: readonly OutboxEntry[]): Promise<void> {
    const failed = (err: unknown) => this.log(`store: a notification waits in its outbox for the next sweep (${String(err)})`);
    try {
      await this.moveAll(userId, entries);
    } catch (err) {
      return failed(err);
    }
    this.remove(userId, entries).catch(failed);
  }

  /** Steps 1 and 2 for entries read from a person's outbox → how many reached the queue now. */
  async deliver(userId: string, entries: readonly OutboxEntry[]): Promise<number> {
    if (entries.length === 0) return 0;
    const moved = await this.moveAll(userId, entries);
    await this.remove(userId, entries);
    return moved;
  }

  private async moveAll(userId: string, entries: readonly OutboxEntry[]): Promise<number> {
    const args: string[] = [userId];
    for (const [id, fields] of entries) args.push(id, fields[fields.indexOf('c') + 1] ?? '{}');
    return Number(await this.move(keys.notifyQueue, keys.notifyMoved, ...args));
  }

  private async remove(userId: string, entries: readonly OutboxEntry[]): Promise<void> {
    await this.done(keys.outbox(userId), ...entries.map(([id]) => id));
  }

  /** Read one person's outbox and move what is there. */
  async flush(userId: string): Promise<number> {
    return this.deliver(userId, (await this.redis.xrange(keys.outbox(userId), '-', '+')) as OutboxEntry[]);
  }

  /**
   * Find every outbox a crash left behind and move it: a SCAN of every master for the outbox
   * pattern. The cost is that of walking the keyspace (about six keys per person: 10,000 people
   * are some 60 SCAN calls over all masters), while the outboxes found are only those a crash
   * left (the writer deletes the ones it empties) and those being written this instant (moving
   * them too is harmless). Nothing to do on one Redis, where the write queues in its own script.
   */
  async sweep(): Promise<number> {
    if (!(this.redis instanceof Cluster)) return 0;
    let moved = 0;
    for (const node of this.redis.nodes('master')) {
      let cursor = '0';
      do {
        const [next, found] = (await node.call('SCAN', cursor, 'MATCH', OUTBOX_PATTERN, 'COUNT', SCAN_COUNT, 'TYPE', 'stream')) as [string, string[]];
        cursor = next;
        for (const key of found) moved += await this.flush(outboxOwner(key));
      } while (cursor !== '0');
    }
    return moved;
  }
}
