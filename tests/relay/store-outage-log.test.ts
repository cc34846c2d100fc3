import { ReplyError } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../relay/http/deps';
import { StoreOutageLog } from '../../relay/store/outage-log';
import { storePlace } from '../../relay/store/store-place';
import { StoreContentionError, StoreUnavailableError } from '../../relay/store/store';
import { startRedis, type TestRedis } from '../support/redis';
import { startRelayProcess, type RelayProcess } from '../support/relay-process';
import { until } from '../support/until';

function recorder(): { log: Logger; lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = [];
  return { lines, log: { info: (message) => lines.push({ level: 'info', message }), error: (message) => lines.push({ level: 'error', message }) } };
}

describe('StoreOutageLog', () => {
  it('logs an outage when it starts and when it ends, not each failure; other errors are the caller’s', () => {
    const { log, lines } = recorder();
    const outage = new StoreOutageLog(log, 'Redis at 127.0.0.1:6390');
    const down = new StoreUnavailableError('Redis did not answer: connect ECONNREFUSED');
    expect(outage.failed(down, 1000)).toBe(true);
    expect(outage.failed(down, 1000)).toBe(true);
    expect(outage.failed(new Error('a bug'), 1000)).toBe(false);
    // Redis answered, with an error of its own, or with a value that could not be read: the loop logs those.
    expect(outage.failed(new StoreUnavailableError('Redis did not answer: OOM', { cause: new ReplyError('OOM command not allowed when used memory > maxmemory') }), 1000)).toBe(false);
    expect(outage.failed(new StoreUnavailableError('Redis did not answer: Unexpected token', { cause: new SyntaxError('Unexpected token } in JSON') }), 1000)).toBe(false);
    expect(outage.failed(new StoreContentionError('the status kept changing under us; try again'), 1000)).toBe(false);
    expect(outage.unavailable).toBe(true);
    expect(lines).toEqual([{ level: 'error', message: 'the store is unavailable (Redis at 127.0.0.1:6390 did not answer); retrying every 1 s — further failures are not logged until it answers again' }]);
    outage.answered();
    outage.answered();
    expect(lines.slice(1)).toEqual([{ level: 'info', message: 'the store answers again (Redis at 127.0.0.1:6390); background work resumes' }]);
    expect(outage.failed(down, 250)).toBe(true);
    expect(lines.slice(2).map((l) => l.message)).toEqual([expect.stringContaining('retrying every 250 ms')]);
  });

  it('names the store by host and port, never with its password', () => {
    expect(storePlace({ redisUrl: 'redis://:secret@cache.internal:6380/0', redisCluster: null })).toBe('Redis at cache.internal:6380');
    expect(storePlace({ redisUrl: null, redisCluster: { nodes: ['a:7000', 'b:7001'] } })).toBe('the Redis cluster at a:7000,b:7001');
    expect(storePlace({ redisUrl: null, redisCluster: null })).toBe('the embedded store');
  });
});

describe('a relay whose Redis does not answer', { timeout: 60_000 }, () => {
  let redis: TestRedis | undefined;
  let relay: RelayProcess | undefined;
  afterAll(async () => {
    await relay?.stop('SIGKILL');
    await redis?.dispose();
  });

  it('logs the outage once over many retries, and once when Redis is back', async () => {
    redis = await startRedis();
    // Nothing listens on the port until the test starts Redis there.
    await redis.stop();
    // Short retry periods: job ticks every 200 ms (a tenth of the lease), delivery passes every 20 ms.
    relay = await startRelayProcess({ REDIS_URL: redis.url, PUBLIC_URL: 'https://status.example.test', JOB_LEASE_SECONDS: '2', NOTIFY_POLL_MS: '20' });
    const outageLines = () => relay!.output().split('\n').filter((l) => l.includes('the store is unavailable'));
    await until(() => outageLines().length > 0, 'the outage line');
    expect(outageLines()[0]).toContain(`Redis at 127.0.0.1:${redis.port} did not answer`);
    // Each job tick reads the job's state and fails: ten of them are ten retries after the first.
    const failedTicks = async () => Number(/relay_store_errors_total\{operation="getJobState"\} (\d+)/.exec(await (await fetch(`${relay!.url}/metrics`)).text())?.[1] ?? 0);
    const first = await until(failedTicks, 'a failed job tick');
    await until(async () => (await failedTicks()) >= first + 10, 'ten more failed job ticks');
    expect(outageLines()).toHaveLength(1);
    expect(relay.output()).not.toMatch(/trying again shortly|could not check the schedule/);

    await redis.start();
    await until(() => relay!.output().includes('the store answers again'), 'the line saying the store is back', 20_000);
    expect(relay.output().split('\n').filter((l) => l.includes('the store answers again'))).toHaveLength(1);
    expect(outageLines()).toHaveLength(1);
  });
});
