import type { Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import { tell, type ToPrimary, type ToWorker } from './messages';

/** How long the primary waits for every worker's registry before the scrape fails. */
const ASK_MS = 5_000;

interface Asked {
  waiting: Set<Worker>;
  got: Map<Worker, object[]>;
  finish(err?: Error): void;
}

/** What the metric JSON of prom-client's getMetricsAsJSON says about a metric, as far as retiring goes. */
interface MetricJson {
  type?: string;
  aggregator?: string;
}

/** Counters and histograms summed across workers: what a worker counted stays counted after it is gone. */
const retires = (metric: MetricJson) => (metric.type === 'counter' || metric.type === 'histogram') && (metric.aggregator ?? 'sum') === 'sum';

/**
 * The primary's side of /metrics with RELAY_WORKERS: whichever worker a scrape lands on asks the
 * primary, which asks every listening worker for its registry and merges them the way prom-client's
 * AggregatorRegistry does (counters and histograms summed, each metric's own `aggregator`
 * otherwise). A worker that does not answer fails the scrape rather than leave its counts out:
 * counters that dip would read as resets. For the same reason the summed counts of a worker that
 * exited are kept ("retired", as of its last answer) and added to every scrape after it.
 */
export class ReplicaMetrics {
  private next = 0;
  private readonly asked = new Map<number, Asked>();
  /** Each worker's latest registry, retired when it is gone. */
  private readonly last = new Map<Worker, object[]>();
  /** The summed series of workers that are gone; a scrape in flight that got their answer counts that instead. */
  private readonly dead = new Map<Worker, object[]>();
  /** The summed series of workers gone before every scrape now in flight, merged into one. */
  private retired: object[] = [];

  /** The Prometheus text of these workers together; `asker`, the worker the scrape landed on, reads the store-read series. */
  collect(workers: Worker[], asker: Worker): Promise<string> {
    const id = this.next++;
    return new Promise<string>((resolve, reject) => {
      const waiting = new Set(workers.filter((w) => w.isConnected()));
      const got = new Map<Worker, object[]>();
      const timer = setTimeout(() => finish(new Error(`workers with pid ${[...waiting].map((w) => w.process.pid).join(', ')} sent no metrics within ${ASK_MS} ms`)), ASK_MS);
      const finish = (err?: Error) => {
        if (!this.asked.delete(id)) return;
        clearTimeout(timer);
        const gone = [...this.dead].flatMap(([worker, metrics]) => (got.has(worker) ? [] : [metrics]));
        const parts = [...got.values(), this.retired, ...gone];
        const text = err ? Promise.reject(err) : Promise.resolve(parts).then((all) => AggregatorRegistry.aggregate(all).metrics());
        this.compact();
        text.then(resolve, reject);
      };
      this.asked.set(id, { waiting, got, finish });
      for (const worker of [...waiting]) {
        const ask: ToWorker = { type: 'relay:registry?', id, storeSeries: worker === asker };
        // Its channel may close between the check and the send: it is leaving, and counts as gone.
        tell(worker, ask, () => this.gone(worker));
      }
      if (waiting.size === 0) finish();
    });
  }

  /** A worker's registry arrived. */
  answered(worker: Worker, message: Extract<ToPrimary, { type: 'relay:registry' }>): void {
    const asked = this.asked.get(message.id);
    if (!asked?.waiting.delete(worker)) return;
    if (message.error !== undefined || !message.metrics) return asked.finish(new Error(`worker ${worker.process.pid} could not read its metrics: ${message.error ?? 'no metrics'}`));
    asked.got.set(worker, message.metrics);
    this.last.set(worker, message.metrics);
    if (asked.waiting.size === 0) asked.finish();
  }

  /**
   * A worker exited (or its channel closed): the scrapes waiting for it go on without it, and its
   * summed series (as of its last answer) count on in every later scrape. Its gauges go with it.
   */
  gone(worker: Worker): void {
    const metrics = this.last.get(worker);
    this.last.delete(worker);
    if (metrics) this.dead.set(worker, (metrics as MetricJson[]).filter(retires));
    for (const asked of [...this.asked.values()]) if (asked.waiting.delete(worker) && asked.waiting.size === 0) asked.finish();
    this.compact();
  }

  /** With no scrape in flight, fold the dead workers' series into one (a crashing worker must not grow the primary). */
  private compact(): void {
    if (this.asked.size > 0 || this.dead.size === 0) return;
    // An aggregated registry's metrics hold their merged values already: get() answers at once.
    try {
      const merged = AggregatorRegistry.aggregate([this.retired, ...this.dead.values()]).getMetricsAsArray() as unknown as { get(): object }[];
      this.retired = merged.map((metric) => metric.get());
      this.dead.clear();
    } catch {
      // Left as they are: each scrape still adds them up one by one.
    }
  }
}
