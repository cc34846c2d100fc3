import cluster from 'node:cluster';
import type { Registry } from 'prom-client';
import type { WorkerMetrics } from '../metrics';
import { STORE_SERIES } from '../people-metrics';
import { describeError, isRelayMessage, type ToPrimary, type ToWorker } from './messages';

/** How long a worker waits for the replica's metrics (the primary gives workers 5 s). */
const SCRAPE_MS = 10_000;

/** The slot a primary forks a worker into; RELAY_WORKER_SLOT is set by the primary, not by operators. */
export const SLOT_VARIABLE = 'RELAY_WORKER_SLOT';

/** A worker process's line to its primary (relay/cluster/primary.ts). */
export interface WorkerLink {
  /** For createMetrics: this worker's slot, and /metrics answered for the whole replica. */
  metrics: WorkerMetrics;
  /** Tell the primary this worker's server listens. */
  listening(url: string): void;
  /** Run `stop` when the primary asks (it got SIGTERM or SIGINT) or when the primary is gone. */
  onStop(stop: (why: string, fromPrimary: boolean) => void): void;
}

function send(message: ToPrimary): void {
  // A closed or broken channel means the primary is gone; the 'disconnect' handler stops this
  // worker. The callback keeps a failed send (EPIPE) from being thrown as an 'error' on process.
  if (process.connected) process.send?.(message, undefined, undefined, () => {});
}

/** This worker's registry for the primary; without `storeSeries`, the store-read series are not collected at all. */
async function readRegistry(registry: Registry, storeSeries: boolean): Promise<object[]> {
  if (storeSeries) return registry.getMetricsAsJSON();
  return Promise.all(registry.getMetricsAsArray().flatMap((metric) => (STORE_SERIES.has(metric.name) ? [] : [registry.getSingleMetric(metric.name)!.get()])));
}

/** Only in a cluster worker (cluster.isWorker). */
export function workerLink(): WorkerLink {
  // Node's own cluster code exits a worker at once (code 0) when its channel to the primary closes,
  // before any listener of ours runs, unless the disconnect was "expected". Marking it so lets the
  // relay's graceful stop (streams ended, leases released, its own 15 s guard) run instead.
  if (cluster.worker) cluster.worker.exitedAfterDisconnect = true;
  const slot = Number(process.env[SLOT_VARIABLE]) || (cluster.worker?.id ?? 0);
  let own: Registry | null = null;
  let stop: ((why: string, fromPrimary: boolean) => void) | null = null;
  // A stop asked for while the relay still starts waits for its handler (onStop, once started).
  let asked: [why: string, fromPrimary: boolean] | null = null;
  const requestStop = (why: string, fromPrimary: boolean) => (stop ? stop(why, fromPrimary) : (asked ??= [why, fromPrimary]));
  let next = 0;
  const scrapes = new Map<number, { done(text: string | undefined, error: string | undefined): void }>();

  process.on('message', (message: unknown) => {
    if (!isRelayMessage<ToWorker>(message)) return;
    if (message.type === 'relay:stop') requestStop(message.signal, true);
    else if (message.type === 'relay:scraped') scrapes.get(message.id)?.done(message.text, message.error);
    else if (message.type === 'relay:registry?') {
      const id = message.id;
      if (!own) return send({ type: 'relay:registry', id, error: 'not started yet' });
      readRegistry(own, message.storeSeries).then(
        (metrics) => send({ type: 'relay:registry', id, metrics }),
        (err: unknown) => send({ type: 'relay:registry', id, error: describeError(err) }),
      );
    }
  });
  // The primary died (even by SIGKILL): nobody would stop or replace this worker, so it leaves.
  process.once('disconnect', () => {
    console.error(`relay: worker ${slot} (pid ${process.pid}): the primary is gone, shutting down`);
    requestStop('the primary is gone', false);
  });
  // A stop the primary sent before this listener existed was dropped: the hello has it sent again.
  send({ type: 'relay:hello' });

  return {
    metrics: {
      slot,
      replicaScrape(registry) {
        own = registry;
        return () =>
          new Promise<string>((resolve, reject) => {
            const id = next++;
            const timer = setTimeout(() => done(undefined, `the primary sent no metrics within ${SCRAPE_MS} ms`), SCRAPE_MS);
            function done(text: string | undefined, error: string | undefined) {
              scrapes.delete(id);
              clearTimeout(timer);
              if (text !== undefined) resolve(text);
              else reject(new Error(`the replica's metrics: ${error ?? 'no answer'}`));
            }
            scrapes.set(id, { done });
            if (!process.connected) return done(undefined, 'the primary is gone');
            send({ type: 'relay:scrape', id });
          });
      },
    },
    listening: (url) => send({ type: 'relay:listening', url }),
    onStop(handler) {
      stop = handler;
      if (asked) handler(...asked);
    },
  };
}
