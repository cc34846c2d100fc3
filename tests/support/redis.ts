import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';
import { spawnRedisServer, startOnFreshPorts } from './redis-server';

export interface TestRedis {
  url: string;
  port: number;
  /** Its data directory (the append-only files live under it). */
  dir: string;
  /** Stop the server (SIGTERM, waits for exit). Data on disk stays for `start()`. */
  stop(): Promise<void>;
  /** Start it again on the same port and directory (after `stop()`). */
  start(): Promise<void>;
  /** Stop it and remove its directory. */
  dispose(): Promise<void>;
}

/**
 * Start a private redis-server on a free port with append-only persistence, so durability
 * tests can stop and restart it and expect acknowledged writes back.
 */
export async function startRedis(): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'ts-redis-'));
  let port = 0;
  let child: ChildProcess | null = null;

  const start = async () => {
    child = await spawnRedisServer(port, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '']);
  };
  await startOnFreshPorts(async () => {
    port = await freePort();
    await start();
  }).catch((err: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  });
  const url = `redis://127.0.0.1:${port}`;
  const stop = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    });
  };
  return {
    url,
    port,
    dir,
    start,
    stop,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
