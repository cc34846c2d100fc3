// Preloaded into a benchmark's relay (node --import): counts the timers the relay's code keeps
// (setTimeout/setInterval, cleared or fired) and how many callbacks fire, and prints the counts
// on SIGUSR2 as one `timer census {…}` line, with the heap used after a full collection (when node
// runs with --expose-gc). With 100,000 event streams open it shows whether anything keeps a
// timer per stream (the heartbeat is one interval for all of them) and what a stream weighs.
import { syncBuiltinESMExports } from 'node:module';
import timers from 'node:timers';

const live = new Set<unknown>();
let fired = 0;
let created = 0;
const { setTimeout: st, setInterval: si, clearTimeout: ct, clearInterval: ci } = timers;

function wrap<A extends unknown[]>(cb: (...args: A) => void, once: boolean, handle: () => unknown): (...args: A) => void {
  return (...args: A) => {
    fired++;
    if (once) live.delete(handle());
    cb(...args);
  };
}

const patched = {
  setTimeout: (cb: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    created++;
    const t: NodeJS.Timeout = st(wrap(cb, true, () => t), ms, ...args);
    live.add(t);
    return t;
  },
  setInterval: (cb: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    created++;
    const t: NodeJS.Timeout = si(wrap(cb, false, () => t), ms, ...args);
    live.add(t);
    return t;
  },
  clearTimeout: (t?: NodeJS.Timeout | string | number) => {
    live.delete(t);
    ct(t);
  },
  clearInterval: (t?: NodeJS.Timeout | string | number) => {
    live.delete(t);
    ci(t);
  },
};
Object.assign(globalThis, patched);
Object.assign(timers, patched);
syncBuiltinESMExports();

process.on('SIGUSR2', () => {
  (globalThis as { gc?: () => void }).gc?.();
  console.log(`timer census ${JSON.stringify({ live: live.size, created, fired, heapUsed: process.memoryUsage().heapUsed })}`);
});
