// Children of a benchmark: started, awaited until ready, and all stopped at the end.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
const children: ChildProcess[] = [];
const outputs = new WeakMap<ChildProcess, () => string>();

/** What a launched child has printed so far (its tail). */
export const outputOf = (child: ChildProcess): string => outputs.get(child)?.() ?? '';

/** Spawn a child and resolve once its output matches `ready`. */
export function launch(cmd: string, args: string[], env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  outputs.set(child, () => out);
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`${cmd} did not start:\n${out}`)), 60_000);
    const onData = (d: Buffer) => {
      // Keep only the tail: a chatty child must not grow this without bound.
      out = (out + d.toString()).slice(-20_000);
      if (ready.test(out)) {
        clearTimeout(timer);
        ok(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => fail(new Error(`${cmd} exited with ${code}:\n${out}`)));
  });
}

/** A relay process (tsx relay/main.ts) on `port` with `env` (and more node options); resolves with it once it listens. */
export function launchRelay(port: number, env: Record<string, string>, nodeArgs: string[] = []): Promise<ChildProcess> {
  return launch(process.execPath, ['--import', 'tsx', ...nodeArgs, 'relay/main.ts'], { PORT: String(port), RATE_LIMIT_PER_IP: '10000000', RATE_LIMIT_PER_TOKEN: '10000000', RATE_LIMIT_REGISTRATIONS: '10000000', ...env }, /relay listening on/);
}

export async function stopAll(): Promise<void> {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  await Promise.all(children.map((c) => (c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once('exit', r)) : null)));
  children.length = 0;
}

/** Resident memory of a process in MB (Linux /proc). */
export async function rssMb(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const m = /VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}, method = 'POST') {
  let res = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  // The store answers 503 when a command times out on an overloaded machine; the bench waits it out.
  for (let attempt = 1; res.status === 503 && attempt < 10; attempt++) {
    await new Promise((r) => setTimeout(r, 300 * attempt));
    res = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  }
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
}

/** A process' CPU time (user + system) in ms so far (Linux /proc, clock ticks of 10 ms); null where unreadable. */
export function cpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10 + childrenCpuMs(pid);
  } catch {
    return null;
  }
}

/** A process's live children's CPU (a relay with RELAY_WORKERS is a primary and its workers). */
function childrenCpuMs(pid: number): number {
  let children: number[];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return 0;
  }
  return children.reduce((sum, child) => sum + (cpuMs(child) ?? 0), 0);
}

/** Stop one launched child and wait for it to exit. */
export async function stopOne(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}
