import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { redisEnv, redisServerPath } from './install';
import { freePort } from './ports';

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

async function waitForPing(url: string): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  // Refused connections are expected while the server starts; the loop below handles them.
  client.on('error', () => {});
  try {
    for (let i = 0; i < 100; i++) {
      try {
        await client.connect();
        await client.ping();
        return;
      } catch {
        client.disconnect();
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new Error(`redis at ${url} did not answer`);
  } finally {
    client.disconnect();
  }
}

/**
 * Start a private redis-server on a free port with append-only persistence, so durability
 * tests can stop and restart it and expect acknowledged writes back.
 */
export async function startRedis(): Promise<TestRedis> {
  const bin = redisServerPath();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'ts-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;

  const start = async () => {
    child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''], {
      stdio: 'ignore',
      env: redisEnv(),
    });
    await waitForPing(url);
  };
  const stop = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    });
  };
  await start();
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
