import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../../relay/metrics';
import type { Job } from '../../relay/jobs/job';
import { JobRunner } from '../../relay/jobs/runner';
import { leaseName } from '../../relay/jobs/job-state';
import type { Store } from '../../relay/store/store';
import { keys } from '../../relay/store/redis-keys';
import { addPeople, orgOf } from '../fakes/microsoft/org-model';
import { startMicrosoftFake, type MicrosoftFake } from '../fakes/microsoft/server';
import { caFile, graphEnv, jobStatus, rosterFromFake } from '../support/jobs-relay';
import { ADMIN_TOKEN } from '../support/org-relay';
import { LIFTED_LIMITS, quietLogger, type RelayProcess, startRelayProcess } from '../support/relay-process';
import { until } from '../support/until';
import { redisFactory } from './store-factories';

describe('jobs across relay replicas over one real Redis', () => {
  const factory = redisFactory();
  const stores: Store[] = [];
  const open = async () => {
    const s = await factory.open();
    stores.push(s);
    return s;
  };

  beforeAll(() => factory.start());
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await factory.stop();
  });

  it('two replicas ticking the same job: exactly one run per interval, none skipped', async () => {
    const everyMs = 700;
    const runs: { slot: number; holder: string }[] = [];
    const job = (holder: string): Job => ({
      name: 'presence',
      everyMs,
      summary: (c) => `${c.synced}/${c.people} people's Teams presence synced`,
      async run(ctx) {
        runs.push({ slot: Math.floor(Date.now() / everyMs), holder });
        await new Promise((r) => setTimeout(r, 150));
        ctx.synced();
        return { people: 1, requests: 0 };
      },
    });
    const runners = await Promise.all(
      ['replica-a', 'replica-b'].map(async (holder) => new JobRunner({ store: await open(), log: quietLogger, metrics: createMetrics(), jobs: [job(holder)], leaseMs: 2000, holder })),
    );
    for (const r of runners) r.start();
    await until(() => runs.length >= 6, 'six runs', 20_000);
    await Promise.all(runners.map((r) => r.stop()));
    const slots = runs.map((r) => r.slot);
    expect(new Set(slots).size).toBe(slots.length);
    const first = Math.min(...slots);
    expect(slots.sort((a, b) => a - b)).toEqual(slots.map((_, i) => first + i));
  });

  // Relay processes started, paused and woken in turn: each step's own wait is bounded (until),
  // and on a busy machine their sum passes the 30 s default.
  describe('relay processes running the calendar job', { timeout: 180_000 }, () => {
    let fake: MicrosoftFake;
    const relays: RelayProcess[] = [];
    const PEOPLE = 2000; // 5 batches, one at a time, 1 s each: a run of about 5 s

    beforeAll(async () => {
      fake = await startMicrosoftFake();
      addPeople(fake.state, PEOPLE);
      Object.assign(orgOf(fake.state).switches, { latencyMs: 1000 });
      await rosterFromFake(await open(), fake);
    });
    afterAll(async () => {
      await Promise.all(relays.map((r) => r.stop('SIGKILL')));
      await fake?.close();
    });

    it('kill -9 the holder mid-run: the other replica takes over within one lease period and nobody is missed', async () => {
      const leaseS = 2;
      const env = {
        ...graphEnv(fake, { PRESENCE_SYNC_SECONDS: '0', GRAPH_MAX_CONCURRENCY: '1', JOB_LEASE_SECONDS: String(leaseS) }),
        REDIS_URL: factory.server().url,
        RELAY_ADMIN_TOKEN: ADMIN_TOKEN,
        NODE_EXTRA_CA_CERTS: caFile(fake),
        ...LIFTED_LIMITS,
      };
      relays.push(...(await Promise.all([startRelayProcess(env), startRelayProcess(env)])));
      const store = stores[0]!;
      const lease = leaseName('calendar');
      const first = await until(() => store.readLease(lease), 'a replica to take the calendar lease', 20_000);
      const holder = relays.find((r) => first.holder.includes(`:${r.child.pid}:`))!;
      const other = relays.find((r) => r !== holder)!;
      expect(holder).toBeDefined();
      await until(() => orgOf(fake.state).counters.batches >= 2, 'the run to be under way', 20_000);
      holder.child.kill('SIGKILL');
      const killedAt = Date.now();
      const taken = await until(async () => {
        const l = await store.readLease(lease);
        return l && l.holder !== first.holder ? l : null;
      }, 'the other replica to take over', 20_000);
      const tookMs = Date.now() - killedAt;
      expect(taken.holder).toContain(`:${other.child.pid}:`);
      expect(taken.token).toBeGreaterThan(first.token);
      // One lease period (the dead holder's last renewal left at most that), plus the survivor's
      // tick (a tenth of it) and room for a machine busy with other tests; never a second lease.
      expect(tookMs).toBeLessThan(leaseS * 1000 * 1.1 + 1500);
      const run = await until(async () => {
        const s = await jobStatus(other.url, 'calendar');
        return !s.running && s.lastRun?.holder === taken.holder ? s.lastRun : null;
      }, 'the survivor to finish the run', 30_000);
      expect(run).toMatchObject({ people: PEOPLE, errors: 0 });
      const records = await store.getStatusRecords((await store.listRoster()).map((u) => u.userId));
      const synced = records.filter((r) => r?.reports.calendar && Date.parse(r.reports.calendar.observedAt) >= killedAt);
      expect(synced).toHaveLength(PEOPLE);
      expect(other.output()).toMatch(/job calendar: done/);
    });

    it('a holder paused past its lease (SIGSTOP) cannot write when it wakes: its grant is fenced off', async () => {
      const env = {
        ...graphEnv(fake, { PRESENCE_SYNC_SECONDS: '0', GRAPH_MAX_CONCURRENCY: '1', JOB_LEASE_SECONDS: '2' }),
        REDIS_URL: factory.server().url,
        RELAY_ADMIN_TOKEN: ADMIN_TOKEN,
        NODE_EXTRA_CA_CERTS: caFile(fake),
        ...LIFTED_LIMITS,
      };
      const store = stores[0]!;
      const lease = leaseName('calendar');
      // Replicas from the test before would take the lease too: this test has its own two.
      await Promise.all(relays.splice(0).map((r) => r.stop('SIGKILL')));
      const survivor = await startRelayProcess(env);
      relays.push(survivor);
      // This interval is done (by the previous test, or by the survivor's first run) and nothing runs.
      await until(async () => (await store.getJobState(lease)) !== null && (await store.readLease(lease)) === null, 'the interval to be done', 30_000);
      const sleeper = await startRelayProcess(env);
      relays.push(sleeper);
      // Hold the survivor still while the interval is forgotten, so the new replica takes it.
      survivor.child.kill('SIGSTOP');
      const redis = new Redis(factory.server().url);
      const forgottenAt = Date.now();
      await redis.del(keys.job('job:calendar'));
      redis.disconnect();
      const mine = await until(async () => {
        const l = await store.readLease(lease);
        return l && l.holder.includes(`:${sleeper.child.pid}:`) ? l : null;
      }, 'the new replica to take the calendar lease', 20_000);
      survivor.child.kill('SIGCONT');
      const batches = orgOf(fake.state).counters.batches;
      await until(() => orgOf(fake.state).counters.batches > batches, 'its run to be under way', 20_000);
      sleeper.child.kill('SIGSTOP');
      // The survivor's run of the forgotten interval: a busy machine can starve the new replica's
      // renewals so the survivor takes over before the pause, which is the same fencing case.
      const run = await until(async () => {
        const s = await jobStatus(survivor.url, 'calendar');
        return !s.running && s.lastRun && s.lastRun.holder !== mine.holder && Date.parse(s.lastRun.startedAt) >= forgottenAt ? s.lastRun : null;
      }, 'the other replica to redo the interval', 60_000);
      const afterSurvivor = await store.getStatusRecords((await store.listRoster()).map((u) => u.userId));
      sleeper.child.kill('SIGCONT');
      await until(() => /lost its lease/.test(sleeper.output()), 'the woken replica to notice it lost the lease', 20_000);
      const now = await store.getStatusRecords((await store.listRoster()).map((u) => u.userId));
      // Not one report of the woken holder landed after the survivor's run.
      expect(now.map((r) => r?.seq)).toEqual(afterSurvivor.map((r) => r?.seq));
      const state = JSON.parse((await store.getJobState(lease))!) as { lastRun: { holder: string } };
      expect(state.lastRun.holder).toBe(run.holder);
    });
  });
});
