import { createServer, type Server } from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { freePort } from './ports';
import { startRedis } from './redis';
import { RedisExitedError, spawnRedisServer } from './redis-server';

// The tests' own Redis starter: a port taken between finding it free and redis-server binding it
// must be said (and, for a first start, tried again elsewhere), not waited on for ten seconds.
const taken: Server[] = [];
afterAll(() => {
  for (const s of taken) s.close();
});

it('says why when redis-server exits before answering (its port taken), at once', async () => {
  const port = await freePort();
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
  taken.push(holder);
  const failure = await spawnRedisServer(port, ['--port', String(port), '--bind', '127.0.0.1', '--save', '']).catch((err: unknown) => err);
  expect(failure).toBeInstanceOf(RedisExitedError);
  // The exit ended the wait (the deadline says "did not answer" in a plain Error), quoting Redis.
  expect(String(failure)).toMatch(new RegExp(`port ${port} exited .*\\n.*Address already in use`, 's'));
});

it('startRedis answers on a port of its own, and stops', async () => {
  const redis = await startRedis();
  try {
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
  } finally {
    await redis.dispose();
  }
});
