import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PersonError } from '../../relay/jobs/job';
import type { Store } from '../../relay/store/store';
import { addPeople, orgOf } from '../fakes/microsoft/org-model';
import { revokeTokens } from '../fakes/microsoft/org-token';
import { startMicrosoftFake, type MicrosoftFake } from '../fakes/microsoft/server';
import { firstRun, jobStatus, rosterFromFake, runJob, startJobsRelay } from '../support/jobs-relay';
import { adminGet, adminHeaders } from '../support/org-relay';
import { until } from '../support/until';
import { redisFactory, storeForBlock } from './store-factories';

const PEOPLE = 450; // 23 getSchedule requests: two $batches, the second one short

/** These tests run whole jobs; on a machine busy with other suites they take a while. */
const HEAVY = 90_000;

describe('calendar sync job over real Redis and the Microsoft fake', () => {
  const factory = redisFactory();
  let fake: MicrosoftFake;
  let store: Store;
  let base: string;
  let close: () => Promise<void>;

  storeForBlock(factory, (opened) => (store = opened));
  beforeAll(async () => {
    fake = await startMicrosoftFake();
    addPeople(fake.state, PEOPLE);
    await rosterFromFake(store, fake);
    ({ url: base, close } = await startJobsRelay(store, fake, { PRESENCE_SYNC_SECONDS: '0' }));
    await firstRun(base, 'calendar');
  }, HEAVY);
  afterAll(async () => {
    await close?.();
    await fake?.close();
  });
  beforeEach(() => {
    const org = orgOf(fake.state);
    Object.assign(org.switches, { throttleShare: 0, latencyMs: 0, tokenLifetimeS: 3599, concurrencyLimit: 4 });
    org.throttledOnce.clear();
    for (const p of org.people.values()) delete p.mailboxError;
  });

  const calendarOf = async (email: string) => (await store.getStatusRecord((await store.getRosterEntry(email))!.userId))?.reports.calendar;

  it('writes everyone’s current and next block, 400 people per HTTP request, and a meeting ending at 11:00 ends the status at 11:00', async () => {
    const now = Date.now();
    const person = orgOf(fake.state).people.get([...orgOf(fake.state).people.keys()][7]!)!;
    const end = now + 20 * 60_000;
    // Two back-to-back meetings are one busy block; the out-of-office after it is the next block.
    person.calendar = [
      { start: now - 30 * 60_000, end: now + 10 * 60_000, status: 'busy' },
      { start: now + 10 * 60_000, end, status: 'busy' },
      { start: end, end: end + 3_600_000, status: 'oof' },
    ];
    const before = orgOf(fake.state).counters.batches;
    orgOf(fake.state).switches.latencyMs = 300;
    const run = await runJob(base, 'calendar');
    expect(run).toMatchObject({ people: PEOPLE, errors: 0 });
    expect(orgOf(fake.state).counters.batches - before).toBe(2);
    // Both batches were in flight together, and never more than the fake's limit.
    expect(orgOf(fake.state).counters).toMatchObject({ maxInFlight: 2, overLimit: 0 });
    expect(run.requests).toBe(2);
    const cal = await calendarOf(person.mail);
    expect(cal?.current).toEqual({ start: new Date(now - 30 * 60_000).toISOString().replace(/\.\d+Z/, '.000Z'), end: new Date(end).toISOString().replace(/\.\d+Z/, '.000Z'), showAs: 'busy' });
    expect(cal?.next?.showAs).toBe('oof');
    // The relay resolves at read time and schedules the block's edge as the next change.
    const record = await store.getStatusRecord((await store.getRosterEntry(person.mail))!.userId);
    expect(record?.last).toMatchObject({ availability: 'Busy', activity: 'InAMeeting', nextChangeAt: cal?.current?.end });
    const others = await Promise.all([0, 100, 449].map((i) => calendarOf(`p${i}@contoso.example`)));
    for (const c of others) expect(c).toMatchObject({ observedAt: expect.any(String) });
    expect(others[0]?.current).toBeUndefined();
  }, HEAVY);

  it('between runs, a block edge is written when it happens: history and every replica see the meeting end at its end', async () => {
    const person = [...orgOf(fake.state).people.values()][9]!;
    // Far enough ahead that the run (450 people) ends before the meeting does, on a busy machine too.
    const end = Math.ceil((Date.now() + 8000) / 1000) * 1000;
    person.calendar = [{ start: end - 3_600_000, end, status: 'busy' }];
    await runJob(base, 'calendar');
    const userId = (await store.getRosterEntry(person.mail))!.userId;
    expect((await store.getStatusRecord(userId))?.last.availability).toBe('Busy');
    const record = await until(async () => {
      const r = await store.getStatusRecord(userId);
      return r?.reports.calendar?.observedAt === new Date(end).toISOString() ? r : null;
    }, 'the edge to be written', 30_000);
    expect(record.last).toMatchObject({ availability: 'Available', activity: 'Available' });
    const history = await store.history(userId, end - 60_000, Date.now());
    expect(history.at(-1)).toMatchObject({ availability: 'Available' });
    // Written when the meeting ends (a timer), not at the next run a day later: seconds late at most.
    expect(Date.parse(history.at(-1)!.at) - end).toBeLessThan(10_000);
  }, HEAVY);

  it('throttling 30 % of the items: everyone is still synced in that run, each retried after its Retry-After', async () => {
    orgOf(fake.state).switches.throttleShare = 0.3;
    const throttledBefore = orgOf(fake.state).counters.itemsThrottled;
    const asked = Date.now();
    const run = await runJob(base, 'calendar');
    const throttled = orgOf(fake.state).counters.itemsThrottled - throttledBefore;
    expect(throttled).toBeGreaterThan(0);
    expect(run).toMatchObject({ people: PEOPLE, errors: 0, throttled });
    const records = await store.getStatusRecords((await store.listRoster()).map((u) => u.userId));
    const fresh = records.filter((r) => r?.reports.calendar && Date.parse(r.reports.calendar.observedAt) >= asked - 1000);
    expect(fresh).toHaveLength(PEOPLE);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/relay_job_throttled_retries_total\{job_name="calendar"\} [1-9]/);
  }, HEAVY);

  it('one mailbox error: everyone else synced, the error listed for that person only', async () => {
    const broken = [...orgOf(fake.state).people.values()][42]!;
    broken.mailboxError = { responseCode: 'ErrorMailRecipientNotFound', message: 'The mailbox was not found.' };
    const run = await runJob(base, 'calendar');
    expect(run).toMatchObject({ people: PEOPLE, errors: 1 });
    const errors = await adminGet<PersonError[]>(base, '/api/v1/org/jobs/calendar/errors');
    expect(errors).toEqual([{ email: broken.mail, code: 'ErrorMailRecipientNotFound', message: 'The mailbox was not found.' }]);
  }, HEAVY);

  it('a token that expires (or is revoked) mid-run is renewed, and the run does not fail', async () => {
    const org = orgOf(fake.state);
    Object.assign(org.switches, { tokenLifetimeS: 1, latencyMs: 400 });
    const issued = org.counters.tokensIssued;
    const asked = Date.now();
    const res = await fetch(`${base}/api/v1/org/jobs/calendar/run`, { method: 'POST', headers: adminHeaders() });
    expect(res.status).toBe(202);
    // A second ask while it runs is refused.
    expect((await fetch(`${base}/api/v1/org/jobs/calendar/run`, { method: 'POST', headers: adminHeaders() })).status).toBe(409);
    await until(() => org.counters.batches > 0 && org.counters.inFlight > 0, 'a batch in flight');
    revokeTokens(fake.state);
    const run = await until(async () => {
      const s = await jobStatus(base, 'calendar');
      return !s.running && s.lastRun && Date.parse(s.lastRun.startedAt) >= asked - 1000 ? s.lastRun : null;
    }, 'the run to finish', 30_000);
    expect(run).toMatchObject({ people: PEOPLE, errors: 0 });
    // The revoked token was refused (401) mid-run, a new one fetched, the batch sent again.
    expect(org.counters.tokensIssued - issued).toBeGreaterThanOrEqual(1);
    // That new token lives a second: the next run renews it before using it.
    const again = org.counters.tokensIssued;
    await new Promise((r) => setTimeout(r, 1100));
    expect(await runJob(base, 'calendar')).toMatchObject({ errors: 0 });
    expect(org.counters.tokensIssued).toBeGreaterThan(again);
  }, HEAVY);

  it('lists the jobs; an unknown job is 404 and a job that is off answers 409 in words', async () => {
    const { jobs } = await adminGet<{ jobs: { name: string; enabled: boolean; everySeconds: number; nextRunAt: string | null }[] }>(base, '/api/v1/org/jobs');
    expect(jobs.map((j) => [j.name, j.enabled, j.everySeconds])).toEqual([
      ['calendar', true, 86_400],
      ['presence', false, 0],
      ['roster', false, 0],
      ['roulette', true, 600],
    ]);
    expect(Date.parse(jobs[0]!.nextRunAt!)).toBeGreaterThan(Date.now());
    const off = await fetch(`${base}/api/v1/org/jobs/roster/run`, { method: 'POST', headers: adminHeaders() });
    expect(off.status).toBe(409);
    expect(await off.json()).toMatchObject({ error: { code: 'job_disabled', message: expect.stringContaining('ROSTER_SYNC_MINUTES') } });
    expect((await fetch(`${base}/api/v1/org/jobs/nope/run`, { method: 'POST', headers: adminHeaders() })).status).toBe(404);
    expect((await fetch(`${base}/api/v1/org/jobs`)).status).toBe(401);
  });
});
