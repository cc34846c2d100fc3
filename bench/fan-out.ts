// The fan-out rows of bench:relay: N viewers of one share, spread over viewer processes (each
// with its own file descriptors and loopback source address, so no process or address runs
// out), one status write, and the time until the last viewer has it; plus the relay's
// resident memory per open stream. Given several relays on one Redis (when one process may not
// hold them all), the viewer processes take turns among them and the write goes to the first.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { post, ROOT, rssMb } from './launch';

/** Streams per viewer process: under a typical per-process file-descriptor limit and an address's ports. */
export const PER_PROCESS = 10_000;

/** A relay process the viewers may connect to. */
export interface RelayTarget {
  base: string;
  pid: number;
}

export interface FanOutRow {
  subscribers: number;
  ms: number;
  mbPerStream: number;
  /** The relays' resident memory (summed) with every stream open. */
  rssMb: number;
  /** Streams the relay ended that their viewer opened again (Last-Event-ID catch-up). */
  reconnects: number;
}

/** A row gives up after this long (the run stays bounded on a machine too busy to finish it). */
const ROW_TIMEOUT_MS = 180_000;

function within<T>(what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error(`${what} took longer than ${ROW_TIMEOUT_MS / 1000} s`)), ROW_TIMEOUT_MS)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

let reconnects = 0;

function viewers(url: string, count: number, address: string): { child: ChildProcess; open: Promise<void>; reached: (seq: number) => Promise<void> } {
  const child = fork(join(ROOT, 'bench', 'sse-viewers.ts'), [url, String(count), address], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waits = new Map<number, () => void>();
  let failed = (_: Error) => {};
  const broken = new Promise<never>((_, fail) => (failed = fail));
  broken.catch(() => {});
  child.on('message', (m: { type: string; seq?: number; message?: string }) => {
    if (m.type === 'error') failed(new Error(m.message));
    if (m.type === 'reached') waits.get(m.seq!)?.();
    if (m.type === 'reconnect') reconnects++;
  });
  child.once('exit', (code, signal) => failed(new Error(`viewer process exited with ${code ?? signal}`)));
  const open = Promise.race([new Promise<void>((ok) => child.on('message', (m: { type: string }) => m.type === 'open' && ok())), broken]);
  return { child, open, reached: (seq) => Promise.race([new Promise<void>((ok) => waits.set(seq, ok)), broken]) };
}

/** How many streams this machine lets one relay process hold, or null when unknown. */
export function streamsAllowed(fdLimit: number | null): number | null {
  // The relay keeps some descriptors for itself (Redis, its listener, files).
  return fdLimit === null ? null : fdLimit - 200;
}

export async function fanOut(relays: RelayTarget[], subscribers: number, perProcess = PER_PROCESS): Promise<FanOutRow> {
  const base = relays[0]!.base;
  const user = await post(`${base}/api/v1/users`, { displayName: `Fan-out ${subscribers}` });
  const share = user.share as { id: string };
  const rss = async () => (await Promise.all(relays.map((r) => rssMb(r.pid)))).reduce((a, b) => a + b, 0);
  const before = await rss();
  reconnects = 0;
  const groups = Array.from({ length: Math.ceil(subscribers / perProcess) }, (_, i) =>
    viewers(`${relays[i % relays.length]!.base}/api/v1/s/${share.id}/events`, Math.min(perProcess, subscribers - i * perProcess), `127.0.0.${2 + i}`),
  );
  try {
    await within(`opening ${subscribers} streams`, Promise.all(groups.map((g) => g.open)));
    const open = await rss();
    const mbPerStream = (open - before) / subscribers;
    const reached = Promise.all(groups.map((g) => g.reached(1)));
    const started = performance.now();
    await post(`${base}/api/v1/me/sources/teams-web`, { observedAt: new Date().toISOString(), call: { inCall: true } }, { authorization: `Bearer ${user.token as string}` }, 'PUT');
    await within(`one update reaching ${subscribers} streams`, reached);
    return { subscribers, ms: performance.now() - started, mbPerStream, rssMb: open, reconnects };
  } finally {
    for (const g of groups) g.child.kill('SIGTERM');
    await Promise.all(groups.map((g) => (g.child.exitCode === null ? new Promise((r) => g.child.once('exit', r)) : null)));
  }
}
