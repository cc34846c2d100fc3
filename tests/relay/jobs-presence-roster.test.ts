import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Roster } from '../../relay/org/roster';
import { rosterFromJson } from '../../relay/org/roster-input';
import type { Store } from '../../relay/store/store';
import { addPeople, orgOf } from '../fakes/microsoft/org-model';
import { startMicrosoftFake, type MicrosoftFake } from '../fakes/microsoft/server';
import { firstRun, runJob, startJobsRelay } from '../support/jobs-relay';
import { redisFactory, storeForBlock } from './store-factories';

const PEOPLE = 2100; // /users: three pages of 999; presence: four calls of at most 650 ids

/** These tests run whole jobs; on a machine busy with other suites they take a while. */
const HEAVY = 90_000;

describe('roster and presence sync jobs over real Redis and the Microsoft fake', () => {
  const factory = redisFactory();
  let fake: MicrosoftFake;
  let store: Store;
  let base: string;
  let close: () => Promise<void>;

  storeForBlock(factory, (opened) => (store = opened));
  beforeAll(async () => {
    fake = await startMicrosoftFake();
    const people = addPeople(fake.state, PEOPLE);
    people[3]!.accountEnabled = false;
    people[4]!.accountEnabled = false;
    people[5]!.presence = { availability: 'Busy', activity: 'InACall' };
    // Somebody added by hand who is not in Entra ID: the roster follows Entra, so they go.
    await new Roster(store, Date.now).import(rosterFromJson({ people: [{ email: 'contractor@elsewhere.example', displayName: 'Contractor' }] }), false);
    ({ url: base, close } = await startJobsRelay(store, fake, { ROSTER_SYNC_MINUTES: '1440', CALENDAR_SYNC_MINUTES: '0', PRESENCE_SYNC_SECONDS: '0' }));
    await firstRun(base, 'roster');
  }, HEAVY);
  afterAll(async () => {
    await close?.();
    await fake?.close();
  }, HEAVY);

  it('the roster follows Entra ID users page by page; disabled accounts and people not in Entra are removed', async () => {
    const roster = await store.listRoster();
    expect(roster).toHaveLength(PEOPLE - 2);
    const emails = new Set(roster.map((u) => u.email));
    expect(emails.has('p3@contoso.example')).toBe(false);
    expect(emails.has('contractor@elsewhere.example')).toBe(false);
    expect(roster.find((u) => u.email === 'p6@contoso.example')?.roster).toMatchObject({ entraId: [...orgOf(fake.state).people.keys()][6], department: 'Engineering' });
    const usersPages = fake.state.requests.filter((r) => r.path.startsWith('/v1.0/users?'));
    expect(usersPages).toHaveLength(3);
    expect(usersPages[1]!.path).toContain('skiptoken');
  }, HEAVY);

  it('presence for everyone with an Entra id in calls of at most 650 ids, written as the graph report', async () => {
    // A relay with only the presence job; the roster is already there.
    await close();
    ({ url: base, close } = await startJobsRelay(store, fake, { PRESENCE_SYNC_SECONDS: '86400', CALENDAR_SYNC_MINUTES: '0' }));
    await firstRun(base, 'presence');
    const calls = orgOf(fake.state).counters.presenceCalls;
    const run = await runJob(base, 'presence');
    expect(orgOf(fake.state).counters.presenceCalls - calls).toBe(Math.ceil((PEOPLE - 2) / 650));
    expect(run).toMatchObject({ people: PEOPLE - 2, errors: 0, requests: 4 });
    const p5 = await store.getRosterEntry('p5@contoso.example');
    const record = await store.getStatusRecord(p5!.userId);
    expect(record?.reports.graph).toMatchObject({ availability: 'Busy', activity: 'InACall' });
    expect(record?.last).toMatchObject({ availability: 'Busy', activity: 'InACall' });
  });
});
