import { Cluster } from 'ioredis';
import { keys, OUTBOX_PATTERN, outboxOwner } from './redis-keys';
import type { QueuedChange } from './notify-store';
import { defineNotifyScripts, type NotifyScriptRunner } from './redis-notify-scripts';
import type { RedisClient } from './redis-scripts';

/** One outbox entry as XRANGE returns it: fields ['c', JSON QueuedChange]. */
export type OutboxEntry = [id: string, fields: string[]];

/** After a failed move, the person's outbox is flushed again this much later (a failover takes seconds), then given up to the sweep. */
const RETRY_AFTER_MS = [2_000, 5_000, 15_000];

/** Outbox entries moved per step: a script's arguments stay well under what Lua can unpack. */
const OUTBOX_PAGE = 1000;

/** Keys looked at per SCAN call; a master answers each in well under a millisecond. */
const SCAN_COUNT = 1000;

/**
 * How long a moved change's id is remembered. An entry can be moved again only while it is still
 * in its outbox after its move: until the writer's removal or the next sweep by any replica
 * (NOTIFY_OUTBOX_SWEEP_MS is at most an hour). Only if every replica stays down longer than this
 * with such an entry left can it be queued twice — with the same event id, which receivers
 * already use to ignore repeats (delivery is at least once).
 */
export const MOVED_KEEP_MS = 6 * 3_600_000;

/*
 * The transactional outbox of a cluster's notifications (layout: redis-keys.ts). Moving is two
 * steps in two slots, each atomic:
 *  1. MOVE, in {notify}: each entry whose event id is not in ts:{notify}:moved goes into the
 *     queue and its id into `moved`, so moving the same entry again (the writer and a sweep at
 *     once, a retry after a crash) adds nothing. Ids older than MOVED_KEEP_MS are let go.
 *  2. DONE, in the person's slot: the moved entries leave the outbox, and an empty outbox goes.
 * A crash before 1 leaves the entry for the sweep; between 1 and 2, the sweep's move is a no-op
 * and its DONE empties the outbox. Nothing depends on the order of entries or on clocks agreeing
 * (beyond MOVED_KEEP_MS), nor on a person's version surviving a failover.
 */

export class RedisOutbox {
  private readonly run: NotifyScriptRunner;
  /** People whose outbox a failed move left, with the timer that flushes it again. */
  private readonly retries = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly redis: RedisClient,
    private readonly log: (msg: string) => void,
    private readonly now: () => number,
  ) {
    this.run = defineNotifyScripts(redis);
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
      await this.moveAll(entries);
    } catch (err) {
      failed(err);
      return this.retryLater(userId, 0);
    }
    this.remove(userId, entries).catch(failed);
  }

  /** Flush a person's outbox again shortly after a failed move, so their notification is not left to the next sweep. */
  private retryLater(userId: string, attempt: number): void {
    const delay = RETRY_AFTER_MS[attempt];
    if (this.closed || delay === undefined || this.retries.has(userId)) return;
    const timer = setTimeout(() => {
      this.retries.delete(userId);
      this.flush(userId).catch(() => this.retryLater(userId, attempt + 1));
    }, delay);
    timer.unref();
    this.retries.set(userId, timer);
  }

  /** Stop retrying (the store is closing); what is left waits for a sweep. */
  close(): void {
    this.closed = true;
    for (const timer of this.retries.values()) clearTimeout(timer);
    this.retries.clear();
  }

  /** Steps 1 and 2 for entries read from a person's outbox → how many reached the queue now. */
  async deliver(userId: string, entries: readonly OutboxEntry[]): Promise<number> {
    if (entries.length === 0) return 0;
    const moved = await this.moveAll(entries);
    await this.remove(userId, entries);
    return moved;
  }

  private async moveAll(entries: readonly OutboxEntry[]): Promise<number> {
    let moved = 0;
    for (let i = 0; i < entries.length; i += OUTBOX_PAGE) {
      const args: (string | number)[] = [Math.floor(this.now()), MOVED_KEEP_MS];
      for (const [, fields] of entries.slice(i, i + OUTBOX_PAGE)) {
        const json = fields[fields.indexOf('c') + 1]!;
        args.push((JSON.parse(json) as QueuedChange).id, json);
      }
      moved += Number(await this.run('tsOutboxMove', [keys.notifyQueue, keys.notifyMoved], args));
    }
    return moved;
  }

  private async remove(userId: string, entries: readonly OutboxEntry[]): Promise<void> {
    await this.run('tsOutboxDone', [keys.outbox(userId)], entries.map(([id]) => id));
  }

  /** Read one person's outbox and move what is there, a page at a time (an outbox can grow while the queue's master is away). */
  async flush(userId: string): Promise<number> {
    let moved = 0;
    for (let from = '-'; ; ) {
      const page = (await this.redis.xrange(keys.outbox(userId), from, '+', 'COUNT', OUTBOX_PAGE)) as OutboxEntry[];
      moved += await this.deliver(userId, page);
      if (page.length < OUTBOX_PAGE) return moved;
      from = `(${page.at(-1)![0]}`;
    }
  }

  /**
   * Find every outbox a crash left behind and move it: a SCAN of every master for the outbox
   * pattern. The cost is that of walking the keyspace (five keys per person: 10,000 people are
   * some 50 SCAN calls over all masters, 22–58 ms measured), while the outboxes found are only those a crash
   * left (the writer deletes the ones it empties) and those being written this instant (moving
   * them too is harmless). Nothing to do on one Redis, where the write queues in its own script.
   */
  async sweep(): Promise<number> {
    if (!(this.redis instanceof Cluster)) return 0;
    let moved = 0;
    const failed: string[] = [];
    // A master that cannot be swept now (failing over) does not keep the others' outboxes waiting.
    for (const node of this.redis.nodes('master')) {
      try {
        let cursor = '0';
        do {
          const [next, found] = (await node.call('SCAN', cursor, 'MATCH', OUTBOX_PATTERN, 'COUNT', SCAN_COUNT, 'TYPE', 'stream')) as [string, string[]];
          cursor = next;
          for (const key of found) moved += await this.flush(outboxOwner(key));
        } while (cursor !== '0');
      } catch (err) {
        failed.push(`${node.options.host ?? '?'}:${node.options.port ?? '?'} (${String(err)})`);
      }
    }
    if (failed.length > 0) throw new Error(`could not sweep the outboxes of ${failed.join(', ')}; moved ${moved} from the others`);
    return moved;
  }
}
