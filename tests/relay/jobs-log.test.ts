import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Job } from '../../relay/jobs/job';
import { JobRunner } from '../../relay/jobs/runner';
import { createMetrics } from '../../relay/metrics';
import type { Store } from '../../relay/store/store';
import { until } from '../support/until';
import { embeddedFactory } from './store-factories';

const factory = embeddedFactory();
let store: Store;
beforeAll(async () => {
  await factory.start();
  store = await factory.open();
});
afterAll(async () => {
  await store?.close();
  await factory.stop();
});

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
