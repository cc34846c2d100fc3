import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryJob, ScheduledJob, StoredChannel, StoredWatch } from '../../../relay/store/notify-store';
import type { Store } from '../../../relay/store/store';
import { storeFactories, storeForBlock } from '../store-factories';
import { makeUser, manual, teams } from '../store-support';

function job(overrides: Partial<DeliveryJob> = {}): DeliveryJob {
  return { key: `k-${randomUUID()}`, eventId: `evt_${randomUUID()}`, type: 'status.changed', at: new Date().toISOString(), userId: 'u-x', logId: `ch-${randomUUID()}`, attempts: 0, ...overrides };
}
const now = (job: DeliveryJob, dueMs = 0, replace = false): ScheduledJob => ({ job, dueMs, replace });

function channel(owner: string): StoredChannel {
  return { id: `ch-${randomUUID()}`, owner, name: null, createdAt: new Date().toISOString(), config: { type: 'ntfy', url: 'https://ntfy.example/t' }, disabled: null };
}

const factories = storeFactories({ cluster: true });

describe.each(factories)('delivery queue contract: $name', (factory) => {
  let store: Store;
  const t0 = Date.now();

  storeForBlock(factory, (opened) => (store = opened));
  // The queue is shared by the whole store: start each test from an empty one.
  beforeEach(async () => {
    for (const c of await store.notify.claimChanges('drain', 1000, 0)) await store.notify.finishChange(c.handle, []);
    for (const j of await store.notify.claimDue(Number.MAX_SAFE_INTEGER / 2, Number.MAX_SAFE_INTEGER / 2 + 1, 1000)) await store.notify.settle(j, { state: 'dropped' }, null);
  });

  it('a visible status change is queued by the write itself, once, with before and after', async () => {
    const user = makeUser();
    await store.createUser(user);
    await store.applyReport(user.userId, 'teams-web', teams(true, t0), t0);
    // The same picture again is no change: nothing more is queued.
    await store.applyReport(user.userId, 'teams-web', teams(true, t0 + 1000), t0 + 1000);
    const claimed = await store.notify.claimChanges('a', 10, 60_000);
    expect(claimed).toHaveLength(1);
    expect(claimed[0]!.change).toMatchObject({ userId: user.userId, before: { inCall: false }, after: { inCall: true, availability: 'Busy' } });
    expect(claimed[0]!.change.id).toMatch(/^evt_/);
  });

  it('finishes the changes of people nobody follows in one step and hands back the others', async () => {
    await store.notify.setRules('org', []);
    const [quiet, ruled, watched, emptied] = [makeUser(), makeUser(), makeUser(), makeUser()];
    for (const u of [quiet, ruled, watched, emptied]) await store.createUser(u);
    await store.notify.setRules(`user:${ruled.userId}`, [{ channelId: 'ch-1', when: 'any-change' }]);
    await store.notify.setRules(`user:${emptied.userId}`, []);
    await store.notify.putWatch({ id: `w-${randomUUID()}`, userId: watched.userId, shareId: watched.shareId, when: 'available', channel: { type: 'ntfy', url: 'https://ntfy.example/t' }, createdAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 60_000).toISOString() });
    for (const u of [quiet, ruled, watched, emptied]) await store.applyReport(u.userId, 'manual', manual('Busy', t0), t0);
    const claimed = await store.notify.claimChanges('a', 10, 60_000);
    expect(claimed).toHaveLength(4);
    const rest = await store.notify.finishUnfollowed(claimed);
    expect(rest.map((c) => c.change.userId).sort()).toEqual([ruled.userId, watched.userId].sort());
    // The unfollowed ones are finished: not handed out again, even once stuck.
    const again = await store.notify.claimChanges('b', 10, 0);
    expect(again.map((c) => c.change.userId).sort()).toEqual([ruled.userId, watched.userId].sort());
    // With an organisation rule everyone is followed (the rule may name anyone on the roster).
    await store.notify.setRules('org', [{ channelId: 'ch-org', when: 'busy' }]);
    await store.applyReport(quiet.userId, 'manual', manual('Away', t0 + 1000), t0 + 1000);
    const fresh = (await store.notify.claimChanges('c', 10, 60_000)).filter((c) => c.change.userId === quiet.userId);
    expect(await store.notify.finishUnfollowed(fresh)).toEqual(fresh);
    await store.notify.setRules('org', []);
  });

  it('a claimed change is not handed to another worker until it is stuck; then it is', async () => {
    const user = makeUser();
    await store.createUser(user);
    await store.applyReport(user.userId, 'manual', manual('Busy', t0), t0);
    const first = await store.notify.claimChanges('a', 10, 60_000);
    expect(first).toHaveLength(1);
    expect(await store.notify.claimChanges('b', 10, 60_000)).toEqual([]);
    const again = await store.notify.claimChanges('b', 10, 0);
    expect(again.map((c) => c.change.id)).toEqual(first.map((c) => c.change.id));
  });

  it('finishing a change schedules its jobs once; a second finish (a reclaimed copy) schedules nothing', async () => {
    const user = makeUser();
    await store.createUser(user);
    await store.applyReport(user.userId, 'manual', manual('Away', t0), t0);
    const [c] = await store.notify.claimChanges('a', 10, 60_000);
    const j = job({ eventId: c!.change.id });
    expect(await store.notify.finishChange(c!.handle, [now(j)])).toBe(true);
    expect(await store.notify.finishChange(c!.handle, [now(job())])).toBe(false);
    const due = await store.notify.claimDue(Date.now(), Date.now() + 30_000, 10);
    expect(due.map((d) => d.job)).toEqual([j]);
    expect(await store.notify.claimChanges('a', 10, 0)).toEqual([]);
  });

  it('a watch fires once: its job is scheduled only while the watch exists, and the watch is gone after', async () => {
    const user = makeUser();
    await store.createUser(user);
    const watch: StoredWatch = { id: `w-${randomUUID()}`, userId: user.userId, shareId: user.shareId, when: 'available', channel: { type: 'ntfy', url: 'https://ntfy.example/t' }, createdAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 60_000).toISOString() };
    await store.notify.putWatch(watch);
    expect(await store.notify.listWatches(user.userId)).toEqual([watch]);
    for (const availability of ['Available', 'Busy'] as const) await store.applyReport(user.userId, 'manual', manual(availability, t0 + (availability === 'Busy' ? 1 : 0)), t0);
    const changes = await store.notify.claimChanges('a', 10, 60_000);
    expect(changes).toHaveLength(2);
    const jobs = changes.map((c) => job({ eventId: c.change.id, type: 'watch.fired', watch, logId: `watch:${watch.id}` }));
    await store.notify.finishChange(changes[0]!.handle, [now(jobs[0]!)]);
    await store.notify.finishChange(changes[1]!.handle, [now(jobs[1]!)]);
    expect(await store.notify.listWatches(user.userId)).toEqual([]);
    const due = await store.notify.claimDue(Date.now(), Date.now() + 30_000, 10);
    expect(due.map((d) => d.job.eventId)).toEqual([jobs[0]!.eventId]);
  });

  it('a leased job is nobody else’s until the lease ends; settling with a lost lease is refused', async () => {
    const j = job();
    await store.notify.schedule([now(j)]);
    const t = Date.now();
    const [mine] = await store.notify.claimDue(t, t + 10_000, 10);
    expect(mine!.job).toEqual(j);
    expect(await store.notify.claimDue(t + 5000, t + 15_000, 10)).toEqual([]);
    const [theirs] = await store.notify.claimDue(t + 10_001, t + 20_000, 10);
    expect(theirs!.job).toEqual(j);
    const record = { eventId: j.eventId, at: new Date().toISOString(), state: 'delivered' as const, attempts: 1 };
    expect(await store.notify.settle(mine!, { state: 'delivered' }, record)).toBe(false);
    expect(await store.notify.settle(theirs!, { state: 'delivered' }, record)).toBe(true);
    expect(await store.notify.deliveries(j.logId, 10)).toEqual([record]);
  });

  it('retries keep the job with its attempts; a dead job lands in its dead letters; records newest first', async () => {
    const j = job();
    await store.notify.schedule([now(j)]);
    const t = Date.now();
    const [a] = await store.notify.claimDue(t, t + 1000, 10);
    const retry = { eventId: j.eventId, at: new Date(t).toISOString(), state: 'retrying' as const, attempts: 1, lastError: 'HTTP 503' };
    await store.notify.settle(a!, { state: 'retrying', dueMs: t + 5000 }, retry);
    expect(await store.notify.claimDue(t + 4000, t + 9000, 10)).toEqual([]);
    const [b] = await store.notify.claimDue(t + 5000, t + 9000, 10);
    expect(b!.job.attempts).toBe(1);
    const dead = { ...retry, state: 'dead' as const, attempts: 2, at: new Date(t + 5000).toISOString() };
    await store.notify.settle(b!, { state: 'dead' }, dead);
    expect(await store.notify.deliveries(j.logId, 10)).toEqual([dead]);
    expect(await store.notify.deadLetters(j.logId)).toEqual([{ ...j, attempts: 2 }]);
    expect(await store.notify.claimDue(t + 100_000, t + 200_000, 10)).toEqual([]);
  });

  it('a debounced job replaces the pending one with its key; a plain one keeps what is there', async () => {
    const key = `d-${randomUUID()}`;
    const first = job({ key, eventId: 'evt_first' });
    const second = job({ key, eventId: 'evt_second' });
    await store.notify.schedule([now(first, 1000)]);
    const user = makeUser();
    await store.createUser(user);
    await store.applyReport(user.userId, 'manual', manual('Busy', t0), t0);
    const [c] = await store.notify.claimChanges('a', 10, 60_000);
    await store.notify.finishChange(c!.handle, [now(job({ key, eventId: 'evt_ignored' }), 0, false)]);
    expect((await store.notify.claimDue(2000, 3000, 10)).map((d) => d.job.eventId)).toEqual(['evt_first']);
    await store.notify.schedule([now(first, 1000)]);
    const user2 = makeUser();
    await store.createUser(user2);
    await store.applyReport(user2.userId, 'manual', manual('Busy', t0), t0);
    const [c2] = await store.notify.claimChanges('a', 10, 60_000);
    await store.notify.finishChange(c2!.handle, [now(second, 5000, true)]);
    expect(await store.notify.claimDue(4000, 4500, 10)).toEqual([]);
    expect((await store.notify.claimDue(5000, 6000, 10)).map((d) => d.job.eventId)).toEqual(['evt_second']);
  });

  it('channels belong to their owner; rules are kept per owner; VAPID keys are made once', async () => {
    const mine = channel('user:a');
    await store.notify.putChannel(mine);
    await store.notify.putChannel(channel('user:b'));
    expect(await store.notify.listChannels('user:a')).toEqual([mine]);
    expect(await store.notify.getChannel(mine.id)).toEqual(mine);
    expect(await store.notify.deleteChannel('user:b', mine.id)).toBe(false);
    expect(await store.notify.deleteChannel('user:a', mine.id)).toBe(true);
    expect(await store.notify.getChannel(mine.id)).toBeNull();
    await store.notify.setRules('user:a', [{ channelId: 'x', when: 'available' }]);
    expect(await store.notify.getRules('user:a')).toEqual([{ channelId: 'x', when: 'available' }]);
    expect(await store.notify.getRules('user:nobody')).toEqual([]);
    const keys = await store.notify.vapidKeys(() => ({ publicKey: 'p1', privateKey: 's1' }));
    expect(await store.notify.vapidKeys(() => ({ publicKey: 'p2', privateKey: 's2' }))).toEqual(keys);
  });

  it('the queue, the jobs and the channels survive a restart of the store', async () => {
    const user = makeUser();
    await store.createUser(user);
    await store.applyReport(user.userId, 'manual', manual('DoNotDisturb', t0), t0);
    const j = job();
    await store.notify.schedule([now(j)]);
    const ch = channel('user:restart');
    await store.notify.putChannel(ch);
    await store.close();
    store = await factory.open();
    const changes = await store.notify.claimChanges('after', 10, 0);
    expect(changes.map((c) => c.change.after.availability)).toEqual(['DoNotDisturb']);
    expect((await store.notify.claimDue(Date.now(), Date.now() + 1000, 10)).map((d) => d.job)).toEqual([j]);
    expect(await store.notify.listChannels('user:restart')).toEqual([ch]);
  });
});
