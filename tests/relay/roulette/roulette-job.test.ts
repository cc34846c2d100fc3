import { beforeAll, expect, it } from 'vitest';
import type { JobRunContext } from '../../../relay/jobs/job';
import { Roster } from '../../../relay/org/roster';
import { rosterFromJson } from '../../../relay/org/roster-input';
import { rouletteJob } from '../../../relay/roulette/roulette-job';
import { Roulette } from '../../../relay/roulette/rounds';
import type { Store } from '../../../relay/store/store';
import { embeddedFactory, storeForBlock } from '../store-factories';

const factory = embeddedFactory();
let store: Store;
let clock = 0;
let roulette: Roulette;

const context = (): JobRunContext => ({ fence: { lease: 'job:roulette', token: 1 }, signal: new AbortController().signal, synced() {}, personError() {}, progress() {}, throttled() {} });
const rounds = async () => (await roulette.data.history()).map((r) => r.weekOf);

storeForBlock(factory, (opened) => (store = opened));
beforeAll(async () => {
  const people = Array.from({ length: 6 }, (_, i) => ({ email: `p${i}@job.example.test`, displayName: `P ${i}` }));
  await new Roster(store, Date.now).import(rosterFromJson({ people }), false);
  roulette = new Roulette({ store, graph: () => null, now: () => clock, publicUrl: 'https://status.example.test' });
});

it('draws a round once the weekday and time have come in the organisation\'s zone, once per period, only while enabled', async () => {
  const job = rouletteJob(roulette, () => clock);
  // Tuesday 09:30 in New York is 14:30 UTC in winter.
  await roulette.updateSettings({ weekday: 'tuesday', time: '09:30', timeZone: 'America/New_York', everyWeeks: 2 });
  clock = Date.parse('2027-01-12T15:00:00Z');
  expect(await job.idle?.()).toBe(true);
  await job.run(context());
  expect(await rounds()).toEqual([]); // not enabled yet
  await roulette.updateSettings({ enabled: true });
  clock = Date.parse('2027-01-12T14:29:00Z');
  expect(await job.idle?.()).toBe(true);
  await job.run(context());
  expect(await rounds()).toEqual([]); // 09:29 in New York
  clock = Date.parse('2027-01-12T14:31:00Z');
  expect(await job.idle?.()).toBe(false);
  await job.run(context());
  expect(await job.idle?.()).toBe(true); // this week's round is drawn
  await job.run(context());
  expect(await rounds()).toEqual(['2027-01-11']); // once, however often the job looks
  clock = Date.parse('2027-01-19T15:00:00Z');
  await job.run(context());
  expect(await rounds()).toEqual(['2027-01-11']); // every two weeks
  clock = Date.parse('2027-01-26T15:00:00Z');
  await job.run(context());
  expect(await rounds()).toEqual(['2027-01-11', '2027-01-25']);
});

it('two partners answering at once in one round both count (a round is one document)', async () => {
  clock = Date.parse('2027-03-01T08:00:00Z');
  const round = await roulette.plan({ dryRun: true, weekOf: '2027-03-01' });
  const slot = { start: '2027-03-02T10:00:00.000Z', end: '2027-03-02T10:30:00.000Z' };
  await Promise.all([0, 1].map((group) => roulette.data.saveOffer(`code-${group}`, { roundId: round.id, group, by: round.groups[group]!.people[0]!, slots: [slot], expiresAt: '2027-03-02T00:00:00.000Z' })));
  const answers = await Promise.all([roulette.answer('code-0', 0), roulette.answer('code-1', 'decline')]);
  expect(answers.every((a) => a !== null)).toBe(true);
  const after = (await roulette.data.round(round.id))!;
  expect(after.groups.slice(0, 2).map((g) => g.state)).toEqual(['rescheduled', 'declined']);
  expect(after.groups[0]!.slot).toEqual(slot);
  expect(await roulette.answer('code-0', 0)).toBeNull();
});

it('lets old rounds go when a new one is made: dry runs after two weeks, real rounds after a year, codes with them', async () => {
  const weeks = async () => (await store.listDocuments('roulette-round')).map((d) => JSON.parse(d.value) as { weekOf: string; dryRun: boolean }).map((r) => `${r.weekOf}${r.dryRun ? ' dry' : ''}`).sort();
  await roulette.updateSettings({ enabled: false, noRepeatWeeks: 12 });
  clock = Date.parse('2030-01-07T08:00:00Z');
  const first = await roulette.plan({ weekOf: '2030-01-07' });
  await roulette.plan({ dryRun: true, weekOf: '2030-01-14' });
  await roulette.data.saveOffer('code-old', { roundId: first.id, group: 0, by: first.groups[0]!.people[0]!, slots: [], expiresAt: '2030-01-25T00:00:00.000Z' });
  // Three weeks on: the dry run goes, the real round stays (it is the matcher's memory).
  clock = Date.parse('2030-01-28T08:00:00Z');
  await roulette.plan({ weekOf: '2030-01-28' });
  expect((await weeks()).filter((w) => w.startsWith('2030'))).toEqual(['2030-01-07', '2030-01-28']);
  expect(await roulette.data.offer('code-old')).not.toBeNull(); // expired three days ago: kept a week, so its page can say so
  // Just over a year after its week, the first round and its code go; the later one stays.
  clock = Date.parse('2031-01-08T08:00:00Z');
  await roulette.plan({ dryRun: true, weekOf: '2031-01-06' });
  expect((await weeks()).filter((w) => w.startsWith('2030') || w.startsWith('2031'))).toEqual(['2030-01-28', '2031-01-06 dry']);
  expect(await roulette.data.offer('code-old')).toBeNull();
  expect(await roulette.data.round(first.id)).toBeNull();
});
