import type { Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import type { ToPrimary, ToWorker } from './messages';

/** How long the primary waits for every worker's registry before the scrape fails. */
const ASK_MS = 5_000;

interface Asked {
  waiting: Set<Worker>;
  got: object[][];
  finish(err?: Error): void;
}

/**
 * The primary's side of /metrics with RELAY_WORKERS: whichever worker a scrape lands on asks the
 * primary, which asks every listening worker for its registry and merges them the way prom-client's
 * AggregatorRegistry does (counters and histograms summed, each metric's own `aggregator`
 * otherwise). A worker that does not answer fails the scrape rather than leave its counts out:
 * counters that dip would read as resets.
 */
export class ReplicaMetrics {
  private next = 0;
  private readonly asked = new Map<number, Asked>();

  /** The Prometheus text of these workers together. */
  collect(workers: Worker[]): Promise<string> {
    const id = this.next++;
    return new Promise<string>((resolve, reject) => {
      const waiting = new Set(workers.filter((w) => w.isConnected()));
      const got: object[][] = [];
      const timer = setTimeout(() => finish(new Error(`workers with pid ${[...waiting].map((w) => w.process.pid).join(', ')} sent no metrics within ${ASK_MS} ms`)), ASK_MS);
      const finish = (err?: Error) => {
        if (!this.asked.delete(id)) return;
        clearTimeout(timer);
        if (err) reject(err);
        else AggregatorRegistry.aggregate(got).metrics().then(resolve, reject);
      };
      this.asked.set(id, { waiting, got, finish });
      for (const worker of [...waiting]) {
        const ask: ToWorker = { type: 'relay:registry?', id };
        // Its channel may close between the check and the send: it is leaving, and counts as gone.
        worker.send(ask, (err: Error | null) => err && this.gone(worker));
      }
      if (waiting.size === 0) finish();
    });
  }

  /** A worker's registry arrived. */
  answered(worker: Worker, message: Extract<ToPrimary, { type: 'relay:registry' }>): void {
    const asked = this.asked.get(message.id);
    if (!asked?.waiting.delete(worker)) return;
    if (message.error !== undefined || !message.metrics) return asked.finish(new Error(`worker ${worker.process.pid} could not read its metrics: ${message.error ?? 'no metrics'}`));
    asked.got.push(message.metrics);
    if (asked.waiting.size === 0) asked.finish();
  }

  /** A worker exited (or its channel closed): the scrapes waiting for it go on without it. */
  gone(worker: Worker): void {
    for (const asked of [...this.asked.values()]) if (asked.waiting.delete(worker) && asked.waiting.size === 0) asked.finish();
  }
}
