import type { AnyReport, SourceName } from '../../core';
import type { ExtensionDb, OutboxEntry } from '../platform/db';
import { isQuotaError } from '../platform/db';
import { classify, RelayError } from './relay-errors';

type Queued = OutboxEntry & { seq: number };

/** How the queue stands, for the popup's health line. */
export interface OutboxHealth {
  queued: number;
  /** 'idle': nothing to do; 'waiting': a retry is scheduled; 'revoked': the relay refused our token. */
  phase: 'idle' | 'flushing' | 'waiting' | 'revoked';
  lastError: string | null;
  /** The last report the relay refused for good (kept in words so the person can see it). */
  dropped: { key: string; source: SourceName; error: string; at: string } | null;
  nextRetryAt: string | null;
  /** The last failure was the relay being unreachable (rather than answering with an error). */
  offline: boolean;
}

export interface OutboxDeps {
  db: ExtensionDb;
  send(entry: Queued): Promise<void>;
  /** Wake `flush()` after `delayMs` (a timer while awake plus an alarm for a stopped worker). */
  schedule(delayMs: number): void;
  onHealth?(health: OutboxHealth): void;
  now?: () => number;
  newKey?: () => string;
  log?: (line: string) => void;
}

const BASE_DELAY_MS = 1_000;
const MAX_DELAY_MS = 5 * 60_000;

function sameContent(a: AnyReport | null, b: AnyReport | null): boolean {
  if (!a || !b) return a === b;
  const strip = (r: AnyReport) => JSON.stringify({ ...r, observedAt: undefined });
  return strip(a) === strip(b);
}

/**
 * Reports waiting for the relay, kept in IndexedDB so they survive worker and browser
 * restarts, and sent strictly in the order they were queued. The relay ignores a report not
 * newer than the stored one for its source, so resending after a lost answer is harmless.
 * A heartbeat (same content, newer time) refreshes the unsent last entry of its source instead
 * of piling up (it cannot overtake a change of that source: it is that source's last entry);
 * real changes are all kept so the relay's history stays complete.
 */
export class Outbox {
  private flushing: Promise<void> | null = null;
  private inFlight: number | null = null;
  private attempt = 0;
  private health: OutboxHealth = { queued: 0, phase: 'idle', lastError: null, dropped: null, nextRetryAt: null, offline: false };

  constructor(private readonly deps: OutboxDeps) {}

  private now() {
    return this.deps.now?.() ?? Date.now();
  }

  private async publish(patch: Partial<OutboxHealth>) {
    this.health = { ...this.health, ...patch, queued: await this.deps.db.outboxCount() };
    this.deps.onHealth?.(this.health);
  }

  /** Restore what the last worker knew (revoked stays revoked until a reconnect). */
  async restore(saved: Partial<OutboxHealth> | null): Promise<OutboxHealth> {
    await this.publish({ phase: saved?.phase === 'revoked' ? 'revoked' : 'idle', dropped: saved?.dropped ?? null, lastError: saved?.lastError ?? null });
    return this.health;
  }

  getHealth(): OutboxHealth {
    return this.health;
  }

  /** Queue a report (or a source deletion). Throws a worded error when storage is full. */
  async enqueue(source: SourceName, report: AnyReport | null): Promise<string> {
    const op = report ? 'put' : 'delete';
    const last = await this.deps.db.outboxLastFor(source);
    const key = this.deps.newKey?.() ?? crypto.randomUUID();
    try {
      if (last && last.seq !== this.inFlight && last.op === op && op === 'put' && sameContent(last.report, report)) {
        await this.deps.db.outboxPut({ ...last, key, report, queuedAt: new Date(this.now()).toISOString() });
      } else {
        await this.deps.db.outboxAdd({ key, source, op, report, queuedAt: new Date(this.now()).toISOString(), attempts: 0, lastError: null });
      }
    } catch (err) {
      const words = isQuotaError(err)
        ? 'The browser has no room left to queue reports for the relay (storage quota reached); reports already queued are kept.'
        : `A report could not be queued: ${(err as Error).message}`;
      await this.publish({ lastError: words });
      throw new Error(words);
    }
    this.deps.log?.(`[outbox] queued ${op} ${source} key=${key}`);
    await this.publish({});
    return key;
  }

  /** Send everything queued, oldest first; stops at the first failure that must wait. */
  flush(): Promise<void> {
    if (this.health.phase === 'revoked') return Promise.resolve();
    this.flushing ??= this.run().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async run(): Promise<void> {
    for (;;) {
      const head = await this.deps.db.outboxHead();
      if (!head) {
        this.attempt = 0;
        await this.publish({ phase: 'idle', nextRetryAt: null, lastError: null, offline: false });
        return;
      }
      await this.publish({ phase: 'flushing' });
      this.inFlight = head.seq;
      try {
        await this.deps.send(head);
        await this.deps.db.outboxDelete(head.seq);
        this.attempt = 0;
        this.deps.log?.(`[outbox] sent ${head.op} ${head.source} key=${head.key}`);
        continue;
      } catch (err) {
        const words = err instanceof Error ? err.message : String(err);
        const cls = classify(err);
        if (cls === 'drop') {
          await this.deps.db.outboxDelete(head.seq);
          this.deps.log?.(`[outbox] dropped ${head.source} key=${head.key}: ${words}`);
          await this.publish({ dropped: { key: head.key, source: head.source, error: words, at: new Date(this.now()).toISOString() } });
          continue;
        }
        await this.deps.db.outboxPut({ ...head, attempts: head.attempts + 1, lastError: words });
        if (cls === 'revoked') {
          await this.publish({ phase: 'revoked', lastError: words, nextRetryAt: null });
          return;
        }
        const retryAfter = (err as { retryAfterMs?: number | null }).retryAfterMs ?? 0;
        const delay = Math.max(retryAfter, Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** this.attempt));
        this.attempt += 1;
        this.deps.schedule(delay);
        const offline = err instanceof RelayError && err.kind === 'network';
        await this.publish({ phase: 'waiting', lastError: words, offline, nextRetryAt: new Date(this.now() + delay).toISOString() });
        return;
      } finally {
        this.inFlight = null;
      }
    }
  }

  /**
   * The relay answered another request, or the network came back: a queue waiting out its
   * back-off is sent now (the scheduled retry then finds nothing to do), and starts the
   * back-off over should it fail again.
   */
  retryNow(): Promise<void> {
    if (this.health.phase !== 'waiting') return Promise.resolve();
    this.attempt = 0;
    return this.flush();
  }

  /** After a reconnect: leave 'revoked' and start over. */
  async reset(opts: { clear: boolean }): Promise<void> {
    if (opts.clear) await this.deps.db.outboxClear();
    this.attempt = 0;
    await this.publish({ phase: 'idle', lastError: null, dropped: null, nextRetryAt: null, offline: false });
  }
}
