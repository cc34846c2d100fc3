// The HTTP/2 fan-out rows of bench:relay: N SSE viewers of one share in ONE relay process, carried
// over a few hundred h2c connections (as a proxy in front would carry them) from a few viewer
// processes; one status write and the time until the last viewer has it; the relay's resident
// memory and V8 heap per stream; and, with every stream open, the relay's timers (a census
// preloaded into it: bench/timer-census.ts) and CPU over a few heartbeats.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './free-port';
import { cpuMs, launchRelay, outputOf, post, ROOT, rssMb, stopOne } from './launch';

export interface H2Row {
  subscribers: number;
  connections: number;
  processes: number;
  ms: number;
  /** Time to open every stream, s. */
  openS: number;
  rssMb: number;
  mbPerStream: number;
  heapKbPerStream: number;
  /** Timers the relay's code holds, and timer callbacks fired over the window: before any stream, then with every stream open. */
  timers: { idle: Window; open: Window };
  heartbeats: number;
  /** Relay CPU per heartbeat (one interval writing a comment to every stream) above the same window without streams, ms. */
  cpuPerHeartbeatMs: number;
  reconnects: number;
}

/** Streams per h2c connection: under the relay's default HTTP2_MAX_CONCURRENT_STREAMS (1000). */
const STREAMS_PER_CONNECTION = 250;
const HEARTBEAT_MS = 10_000;
const HEARTBEAT_WINDOW_MS = 2 * HEARTBEAT_MS;
const ROW_TIMEOUT_MS = 600_000;

function within<T>(what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error(`${what} took longer than ${ROW_TIMEOUT_MS / 1000} s`)), ROW_TIMEOUT_MS)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

interface Census {
  live: number;
  created: number;
  fired: number;
  /** V8 heap in use after a full collection. */
  heapUsed: number;
}

interface Window {
  live: number;
  fired: number;
  cpuMs: number;
  heapUsed: number;
}

interface Viewers {
  child: ChildProcess;
  open: Promise<void>;
  reached(seq: number): Promise<void>;
}

function viewers(base: string, path: string, streams: number, connections: number, address: string, counted: { reconnects: number }): Viewers {
  const child = fork(join(ROOT, 'bench', 'sse-viewers-h2.ts'), [base, path, String(streams), String(connections), address], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waits = new Map<number, () => void>();
  let failed = (_: Error) => {};
  const broken = new Promise<never>((_, fail) => (failed = fail));
  broken.catch(() => {});
  let opened = () => {};
  const open = new Promise<void>((ok) => (opened = ok));
  child.on('message', (m: { type: string; seq?: number; message?: string }) => {
    if (m.type === 'open') opened();
    if (m.type === 'error') failed(new Error(m.message));
    if (m.type === 'reached') waits.get(m.seq!)?.();
    if (m.type === 'reconnect') counted.reconnects++;
  });
  child.once('exit', (code, signal) => failed(new Error(`viewer process exited with ${code ?? signal}`)));
  return { child, open: Promise.race([open, broken]), reached: (seq) => Promise.race([new Promise<void>((ok) => waits.set(seq, ok)), broken]) };
}

/** Ask the relay's timer census for its counts (it prints a line on SIGUSR2). */
async function census(relay: ChildProcess): Promise<Census> {
  const lines = () => [...outputOf(relay).matchAll(/timer census (\{.*\})/g)];
  const before = lines().length;
  relay.kill('SIGUSR2');
  for (let i = 0; i < 200 && lines().length === before; i++) await new Promise((r) => setTimeout(r, 50));
  const last = lines().at(-1);
  if (!last || lines().length === before) throw new Error('the relay printed no timer census');
  return JSON.parse(last[1]!) as Census;
}

/** The relay's timers and CPU over one window of a few heartbeats. */
async function timersOver(relay: ChildProcess): Promise<Window> {
  const [c0, cpu0] = [await census(relay), cpuMs(relay.pid) ?? 0];
  await new Promise((r) => setTimeout(r, HEARTBEAT_WINDOW_MS));
  // CPU read before the census: its full collection is no part of the window.
  const cpu1 = cpuMs(relay.pid) ?? 0;
  const c1 = await census(relay);
  return { live: c1.live, fired: c1.fired - c0.fired, cpuMs: cpu1 - cpu0, heapUsed: c1.heapUsed };
}

export async function fanOutH2(redisEnv: Record<string, string>, subscribers: number, processes: number): Promise<H2Row> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const relay = await launchRelay(
    port,
    { ...redisEnv, MAX_STREAMS_PER_IP: '1000000', MAX_PENDING_PER_IP: '1000000', MAX_CONNECTIONS: '1000000', SSE_HEARTBEAT_MS: String(HEARTBEAT_MS) },
    ['--expose-gc', '--import', './bench/timer-census.ts'],
  );
  const counted = { reconnects: 0 };
  const groups: Viewers[] = [];
  try {
    const user = await post(`${base}/api/v1/users`, { displayName: `Fan-out h2c ${subscribers}` });
    const path = `/api/v1/s/${(user.share as { id: string }).id}/events`;
    const idle = await timersOver(relay);
    const rssBefore = await rssMb(relay.pid!);
    const perProcess = Math.ceil(subscribers / processes);
    let connections = 0;
    for (let i = 0; i < processes; i++) {
      const streams = Math.min(perProcess, subscribers - i * perProcess);
      const conns = Math.max(1, Math.ceil(streams / STREAMS_PER_CONNECTION));
      connections += conns;
      groups.push(viewers(base, path, streams, conns, `127.0.0.${2 + i}`, counted));
    }
    const opening = performance.now();
    await within(`opening ${subscribers} streams`, Promise.all(groups.map((g) => g.open)));
    const openS = (performance.now() - opening) / 1000;
    // Every stream open: what the relay's timers, CPU and heap do over the same heartbeats.
    const busy = await timersOver(relay);
    const rssOpen = await rssMb(relay.pid!);
    const heartbeats = HEARTBEAT_WINDOW_MS / HEARTBEAT_MS;

    const reached = Promise.all(groups.map((g) => g.reached(1)));
    const started = performance.now();
    await post(`${base}/api/v1/me/sources/teams-web`, { observedAt: new Date().toISOString(), call: { inCall: true } }, { authorization: `Bearer ${user.token as string}` }, 'PUT');
    await within(`one update reaching ${subscribers} streams`, reached);
    const ms = performance.now() - started;
    return {
      subscribers,
      connections,
      processes,
      ms,
      openS,
      rssMb: rssOpen,
      mbPerStream: (rssOpen - rssBefore) / subscribers,
      heapKbPerStream: (busy.heapUsed - idle.heapUsed) / 1024 / subscribers,
      timers: { idle, open: busy },
      heartbeats,
      cpuPerHeartbeatMs: (busy.cpuMs - idle.cpuMs) / heartbeats,
      reconnects: counted.reconnects,
    };
  } catch (err) {
    throw new Error(`${String(err)}\nthe relay said:\n${outputOf(relay).slice(-3000)}`);
  } finally {
    for (const g of groups) g.child.kill('SIGTERM');
    await Promise.all(groups.map((g) => (g.child.exitCode === null ? new Promise((r) => g.child.once('exit', r)) : null)));
    await stopOne(relay);
  }
}
