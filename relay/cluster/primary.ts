import cluster, { type Worker } from 'node:cluster';
import type { RelayConfig } from '../config';
import { describeError, isRelayMessage, tell, type ToPrimary, type ToWorker } from './messages';
import { ReplicaMetrics } from './replica-metrics';
import { SLOT_VARIABLE } from './worker-link';

/** Never hang a deploy: workers that have not stopped by then are killed. */
const STOP_MS = 15_000;
/** A worker that dies sooner than this after it was started counts as crashing at start. */
const EARLY_MS = 30_000;
/** The wait before replacing a worker that keeps crashing at start doubles from this, up to the max. */
const BACKOFF_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;

interface Slot {
  index: number;
  worker: Worker | null;
  url: string | null;
  startedAt: number;
  /** Deaths in a row soon after start; the next replacement waits longer for each. */
  earlyDeaths: number;
  replacing: NodeJS.Timeout | null;
}

const say = (line: string) => console.log(`relay: ${line}`);
const complain = (line: string) => console.error(`relay: ${line}`);
const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/**
 * RELAY_WORKERS=n: this process serves nothing itself. It forks n workers, each a whole relay on the
 * same port (node:cluster hands them the connections), announces the replica once all of them
 * listen, stops them on SIGTERM/SIGINT, replaces one that dies, and puts /metrics together for
 * all of them (replica-metrics.ts). The workers are replicas of one Redis, as separate machines
 * would be: leases pick one runner for jobs, pub/sub carries every change to each worker's streams.
 */
export function runPrimary(config: RelayConfig, announce: (url: string) => void): void {
  const metrics = new ReplicaMetrics();
  const slots: Slot[] = Array.from({ length: config.workers }, (_, index) => ({ index: index + 1, worker: null, url: null, startedAt: 0, earlyDeaths: 0, replacing: null }));
  let announced = false;
  let stopping = false;
  let stopSignal = '';
  let signalled = false;
  let failed = false;
  const live = () => slots.flatMap((s) => (s.worker ? [s.worker] : []));
  const listening = () => slots.flatMap((s) => (s.worker && s.url ? [s.worker] : []));

  /**
   * Ask a worker to stop. Sent again on its hello and its listening message: one sent while it was
   * still loading (before it listened for messages) was dropped. A worker that cannot be told gets
   * SIGTERM, which it takes as the same request.
   */
  function tellStop(worker: Worker): void {
    tell(worker, { type: 'relay:stop', signal: stopSignal }, () => {
      if (!worker.isDead()) worker.process.kill('SIGTERM');
    });
  }

  function fork(slot: Slot): void {
    slot.replacing = null;
    const worker = cluster.fork({ [SLOT_VARIABLE]: String(slot.index) });
    Object.assign(slot, { worker, url: null, startedAt: Date.now() });
    say(`worker ${slot.index} started (pid ${worker.process.pid})`);
    // A fork that failed, or a channel that broke, is reported here; unheard, it would crash the primary.
    worker.on('error', (err: Error) => {
      complain(`worker ${slot.index} (pid ${worker.process.pid}): ${describeError(err)}`);
      // A process that was never spawned has no exit to wait for.
      if (worker.process.pid === undefined) ended(null, null);
    });
    worker.on('message', (message: unknown) => {
      if (isRelayMessage<ToPrimary>(message)) onMessage(slot, worker, message);
    });
    worker.on('disconnect', () => metrics.gone(worker));
    let over = false;
    const ended = (code: number | null, signal: string | null) => {
      if (over) return;
      over = true;
      onExit(slot, worker, code, signal);
    };
    worker.once('exit', ended);
  }

  function onMessage(slot: Slot, worker: Worker, message: ToPrimary): void {
    if (message.type === 'relay:registry') return metrics.answered(worker, message);
    if (message.type === 'relay:hello') {
      if (stopping) tellStop(worker);
      return;
    }
    if (message.type === 'relay:scrape') {
      // A worker that cannot be answered is leaving; its scrape times out on its side.
      const reply = (answer: Omit<Extract<ToWorker, { type: 'relay:scraped' }>, 'type' | 'id'>) => tell(worker, { type: 'relay:scraped', id: message.id, ...answer }, () => {});
      metrics.collect(listening(), worker).then(
        (text) => reply({ text }),
        (err: unknown) => reply({ error: describeError(err) }),
      );
      return;
    }
    slot.url = message.url;
    if (stopping) return tellStop(worker);
    if (announced) say(`worker ${slot.index} (pid ${worker.process.pid}) listening again`);
    else if (slots.every((s) => s.url)) {
      announced = true;
      announce(message.url);
    }
  }

  function onExit(slot: Slot, worker: Worker, code: number | null, signal: string | null): void {
    metrics.gone(worker);
    if (slot.worker === worker) Object.assign(slot, { worker: null, url: null });
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    if (stopping) {
      if (code !== 0) {
        failed = true;
        complain(`worker ${slot.index} (pid ${worker.process.pid}) ${how} while stopping`);
      }
      if (live().length === 0) process.exit(failed ? 1 : 0);
      return;
    }
    if (!announced) {
      // The replica never came up (a Redis it cannot reach, a taken port): fail as one process would.
      complain(`worker ${slot.index} (pid ${worker.process.pid}) ${how} before the relay was listening (its error is above); stopping`);
      failed = true;
      return stop('a worker could not start');
    }
    const lived = Date.now() - slot.startedAt;
    slot.earlyDeaths = lived < EARLY_MS ? slot.earlyDeaths + 1 : 0;
    const wait = slot.earlyDeaths === 0 ? 0 : Math.min(BACKOFF_MAX_MS, BACKOFF_MS * 2 ** (slot.earlyDeaths - 1));
    const why = slot.earlyDeaths > 1 ? ` (${slot.earlyDeaths} in a row died within ${seconds(EARLY_MS)} of starting: each wait doubles, up to ${seconds(BACKOFF_MAX_MS)})` : '';
    complain(`worker ${slot.index} (pid ${worker.process.pid}) ${how} after ${seconds(lived)}; starting another in ${seconds(wait)}${why}`);
    slot.replacing = setTimeout(() => fork(slot), wait);
  }

  function stop(signal: string): void {
    stopping = true;
    stopSignal = signal;
    for (const slot of slots) if (slot.replacing) clearTimeout(slot.replacing);
    setTimeout(() => {
      complain('workers took too long to stop; killing them');
      for (const worker of live()) worker.process.kill('SIGKILL');
      process.exit(1);
    }, STOP_MS).unref();
    if (live().length === 0) process.exit(failed ? 1 : 0);
    for (const worker of live()) tellStop(worker);
  }

  function onSignal(signal: NodeJS.Signals): void {
    // Only an operator's second signal escalates: a stop begun by a failed start is not one.
    if (signalled) {
      complain(`${signal} again, exiting now`);
      for (const worker of live()) worker.process.kill('SIGKILL');
      process.exit(1);
    }
    signalled = true;
    if (stopping) return say(`${signal} received; already stopping ${live().length} workers`);
    say(`${signal} received, stopping ${live().length} workers`);
    // A terminal's Ctrl+C reaches the workers as well; they take the primary's word as the same request.
    stop(signal);
  }
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));

  for (const slot of slots) fork(slot);
}
