import { Cluster, type Redis } from 'ioredis';
import { keys } from './redis-keys';
import type { RedisClient } from './redis-scripts';

/**
 * Gets a deleted person's data out of Redis's append-only file. DEL frees memory, but the AOF
 * keeps every command that wrote the person (their email, history) until it is rewritten, which
 * Redis otherwise does only when the file has doubled. After a deletion a BGREWRITEAOF is
 * started, coalesced: at most one per `windowMs` from this replica, and none when another
 * replica started one after the deletion (ts:aof-rewrite). A rewrite writes the whole dataset
 * in a background child, so a burst of deletions costs one or two rewrites, not one each.
 * When AOF is off nothing is done. RDB files are Redis's own schedule (see docs/security.md).
 * On a cluster every master rewrites its own file.
 */
export class AofEraser {
  private timer: NodeJS.Timeout | null = null;
  private lastStartedAt = Number.NEGATIVE_INFINITY;
  private closed = false;

  constructor(
    private readonly redis: RedisClient,
    private readonly windowMs: number,
    private readonly log: (msg: string) => void,
  ) {}

  /** A deletion was acknowledged just now: make sure a rewrite starts after it. */
  afterDeletion(): void {
    if (this.timer || this.closed) return;
    const deletedAt = Date.now();
    const delay = Math.max(0, this.lastStartedAt + this.windowMs - deletedAt);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.rewrite(deletedAt);
    }, delay);
    this.timer.unref();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async rewrite(deletedAt: number): Promise<void> {
    if (this.closed) return;
    try {
      if (Number((await this.redis.get(keys.aofRewrite)) ?? 0) > deletedAt) return;
      const servers: Redis[] = this.redis instanceof Cluster ? this.redis.nodes('master') : [this.redis];
      const withAof = (await Promise.all(servers.map(async (s) => (/aof_enabled:1/.test(await s.info('persistence')) ? s : null)))).filter((s) => s !== null);
      if (withAof.length === 0) return;
      this.lastStartedAt = Date.now();
      await this.redis.set(keys.aofRewrite, String(this.lastStartedAt));
      await Promise.all(withAof.map((s) => s.bgrewriteaof()));
    } catch (err) {
      // A rewrite already under way may have begun before the deletion: ask again after the window.
      this.log(`store: could not start an AOF rewrite after a deletion (${String(err)}); trying again`);
      this.lastStartedAt = Date.now();
      this.afterDeletion();
    }
  }
}
