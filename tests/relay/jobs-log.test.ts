import { expect, it } from 'vitest';
import type { Job } from '../../relay/jobs/job';
import { JobRunner } from '../../relay/jobs/runner';
import { createMetrics } from '../../relay/metrics';
import { StoreOutageLog } from '../../relay/store/outage-log';
import { StoreUnavailableError, type Store } from '../../relay/store/store';
import { until } from '../support/until';
import { embeddedFactory, storeForBlock } from './store-factories';

let store: Store;
storeForBlock(embeddedFactory(), (opened) => (store = opened));

it('logs a run in its job’s own words, and an idle run not at all (though it is recorded)', async () => {
  const lines: string[] = [];
  const log = { info: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
  const ran: string[] = [];
  const working: Job = {
    name: 'presence',
    everyMs: 3_600_000,
    summary: (c) => `${c.synced}/${c.people} people's Teams presence synced, ${c.requests} Graph requests`,
    async run(ctx) {
      ran.push('presence');
      ctx.synced(2);
      return { people: 3, requests: 1 };
    },
  };
  const idle: Job = {
    name: 'roulette',
    everyMs: 3_600_000,
    summary: () => 'a round drawn',
    idle: async () => true,
    async run() {
      ran.push('roulette');
      return { people: 0, requests: 0 };
    },
  };
  const runner = new JobRunner({ store, log, metrics: createMetrics(), jobs: [working, idle], leaseMs: 2000 });
  runner.start();
  const lastRuns = async () => (await runner.status()).filter((s) => s.lastRun !== null).map((s) => s.name);
  await until(async () => (await lastRuns()).length === 2, 'both jobs to record a run');
  await runner.stop();
  expect(ran).toEqual(['presence']);
  expect(lines.filter((l) => l.startsWith('job presence: '))).toEqual(['job presence: started', expect.stringMatching(/^job presence: done — 2\/3 people's Teams presence synced, 1 Graph requests in \d+\.\d s$/)]);
  expect(lines.filter((l) => l.startsWith('job roulette'))).toEqual([]);
});

it('a tick that finds its job still running asks the store nothing, so it does not end an outage another loop sees', async () => {
  const lines: string[] = [];
  const log = { info: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
  const outage = new StoreOutageLog(log, 'Redis at cache.internal:6379');
  let release: (() => void) | undefined;
  const long: Job = {
    name: 'calendar',
    everyMs: 3_600_000,
    summary: () => "people's calendars synced",
    run: () => new Promise((done) => (release = () => done({ people: 0, requests: 0 }))),
  };
  const runner = new JobRunner({ store, log, metrics: createMetrics(), jobs: [long], leaseMs: 1000, outage });
  // Counted from outside: each tick's end (the runner's own timer decides when they come).
  const inner = runner as unknown as { tick(job: Job): Promise<boolean> };
  const tick = inner.tick.bind(runner);
  let ticks = 0;
  inner.tick = async (job) => {
    const asked = await tick(job);
    ticks++;
    return asked;
  };
  runner.start();
  await until(() => release !== undefined, 'the run to start');
  // Another loop (the delivery worker, say) meets the store away while the run goes on.
  outage.failed(new StoreUnavailableError('Redis did not answer: connect ECONNREFUSED'), 1000);
  const seen = ticks;
  await until(() => ticks >= seen + 5, 'five ticks while the run is under way');
  expect(lines.filter((l) => l.startsWith('the store answers again'))).toEqual([]);
  expect(outage.unavailable).toBe(true);
  release?.();
  await runner.stop();
});
