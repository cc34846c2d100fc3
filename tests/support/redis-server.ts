import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { redisEnv, redisServerPath } from './install';

/** A redis-server that exited before it answered (a port taken meanwhile, a bad option): its last words say why. */
export class RedisExitedError extends Error {
  override name = 'RedisExitedError';
}

/** How many times a first start is tried on fresh ports: a port found free can be taken before redis-server binds it. */
const START_ATTEMPTS = 3;

/**
 * Run a first start (which picks its ports itself) again while a redis-server in it exited
 * before answering; any other failure, or the last attempt's, is thrown. `start` cleans up
 * after itself when it fails.
 */
export async function startOnFreshPorts<T>(start: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (err) {
      if (!(err instanceof RedisExitedError) || attempt === START_ATTEMPTS) throw err;
    }
  }
}

/** Ask the redis-server on `port` one question on a connection of its own: false when it cannot answer. */
export async function ask(port: number, question: (client: Redis) => Promise<boolean>): Promise<boolean> {
  // Bounded: whatever holds the port may accept and never answer.
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000, commandTimeout: 1000 });
  // Refused connections are expected while a server starts or is away.
  client.on('error', () => {});
  try {
    await client.connect();
    return await question(client);
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

const answers = (port: number) => ask(port, async (c) => (await c.ping()) === 'PONG');

/**
 * Start redis-server with `args` (which name `--port port`) and resolve once it answers PING.
 * Rejects with RedisExitedError, quoting what it printed, as soon as it exits instead; with a
 * plain Error when it neither answers nor exits within `timeoutMs`.
 */
export async function spawnRedisServer(port: number, args: readonly string[], timeoutMs = 10_000): Promise<ChildProcess> {
  const child = spawn(redisServerPath(), args, { stdio: ['ignore', 'pipe', 'pipe'], env: redisEnv() });
  // Read all it prints (a full pipe would stall it), keeping the end for the error.
  let output = '';
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-2000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new RedisExitedError(`redis-server on port ${port} exited (${child.exitCode ?? child.signalCode}) before answering:\n${output.trim().split('\n').slice(-5).join('\n')}`);
    }
    if (await answers(port)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server on port ${port} did not answer within ${timeoutMs} ms:\n${output.trim().split('\n').slice(-5).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return child;
}
