import { describe, expect, it } from 'vitest';
import { StoreConflictError, UnknownUserError, type Store, type StoreEvent } from '../../relay/store/store';
import { HISTORY_DAYS, storeFactories, storeForBlock } from './store-factories';
import { makeUser, manual, recordEvents, teams } from './store-support';
import { until } from '../support/until';
import { documentsContract } from './store-contract-documents';
import { rosterContract } from './store-contract-roster';

const factories = storeFactories({ cluster: true });

describe.each(factories)('Store contract: $name', (factory) => {
  let store: Store;
  const t0 = Date.now();

  storeForBlock(factory, (opened) => (store = opened));

  it('says where it is in words for log lines (host and port, never a password)', () => {
    const expected = { embedded: /^the embedded store$/, redis: /^Redis at 127\.0\.0\.1:\d+$/, 'redis cluster': /^the Redis cluster at (127\.0\.0\.1:\d+,){2}127\.0\.0\.1:\d+$/ }[factory.name];
    expect(expected).toBeDefined();
    expect(store.place).toMatch(expected!);
  });

  it('creates a user, finds them by id and by share id, and refuses duplicates', async () => {
    const user = makeUser();
    await store.createUser(user);
    expect(await store.getUser(user.userId)).toEqual(user);
    expect(await store.getUserByShareId(user.shareId)).toEqual(user);
    expect(await store.getUser('u-nobody')).toBeNull();
    expect(await store.getUserByShareId('no-such-share')).toBeNull();
    await expect(store.createUser({ ...makeUser(), userId: user.userId })).rejects.toBeInstanceOf(StoreConflictError);
    await expect(store.createUser({ ...makeUser(), shareId: user.shareId })).rejects.toBeInstanceOf(StoreConflictError);
  });

  it('applies a newer report and ignores an older or equally old one', async () => {
    const user = makeUser();
    await store.createUser(user);
    const first = await store.applyReport(user.userId, 'manual', manual('Busy', t0), t0);
    expect(first.applied).toBe(true);
    expect(first.record.seq).toBe(1);
    expect(first.record.last.availability).toBe('Busy');

    const equal = await store.applyReport(user.userId, 'manual', manual('Away', t0), t0 + 10);
    expect(equal).toMatchObject({ applied: false, history: null });
    expect(equal.record.seq).toBe(1);
    const older = await store.applyReport(user.userId, 'manual', manual('Away', t0 - 1000), t0 + 20);
    expect(older.applied).toBe(false);

    const stored = await store.getStatusRecord(user.userId);
    expect(stored?.seq).toBe(1);
    expect(stored?.reports.manual?.availability).toBe('Busy');
  });

  it('increments seq by one per applied change', async () => {
    const user = makeUser();
    await store.createUser(user);
    for (let i = 1; i <= 4; i++) {
      const r = await store.applyReport(user.userId, 'manual', manual(i % 2 ? 'Busy' : 'Available', t0 + i * 1000), t0 + i * 1000);
      expect(r.record.seq).toBe(i);
    }
    expect((await store.getStatusRecord(user.userId))?.seq).toBe(4);
  });

  it('appends history only when the status changes, returned oldest first within from/to', async () => {
    const user = makeUser();
    await store.createUser(user);
    const a = await store.applyReport(user.userId, 'manual', manual('Busy', t0), t0);
    const same = await store.applyReport(user.userId, 'manual', manual('Busy', t0 + 1000), t0 + 1000);
    const b = await store.applyReport(user.userId, 'manual', manual('Available', t0 + 2000), t0 + 2000);
    const c = await store.forgetSource(user.userId, 'manual', t0 + 3000);
    expect(a.history).not.toBeNull();
    expect(same.applied).toBe(true);
    expect(same.history).toBeNull();
    expect(b.history).not.toBeNull();
    expect(c.history).not.toBeNull();

    const all = await store.history(user.userId, t0, t0 + 5000);
    expect(all).toEqual([a.history, b.history, c.history]);
    expect(all.map((e) => e.availability)).toEqual(['Busy', 'Available', c.record.last.availability]);
    expect(await store.history(user.userId, t0 + 1500, t0 + 2500)).toEqual([b.history]);
    expect(await store.history(user.userId, t0 + 2000, t0 + 2000)).toEqual([b.history]);
    expect(await store.history(user.userId, t0 + 4000, t0 + 9000)).toEqual([]);
  });

  it('records a change dated before the newest history entry (a replica whose clock is behind) with its own time, in time order, found by range', async () => {
    const user = makeUser();
    await store.createUser(user);
    const ahead = await store.applyReport(user.userId, 'manual', manual('Busy', t0), t0 + 5000);
    const behind = await store.applyReport(user.userId, 'manual', manual('Available', t0 + 1000), t0 + 4000);
    const next = await store.applyReport(user.userId, 'manual', manual('Away', t0 + 2000), t0 + 6000);
    expect(behind.history?.at).toBe(new Date(t0 + 4000).toISOString());
    expect(await store.history(user.userId, t0, t0 + 9000)).toEqual([behind.history, ahead.history, next.history]);
    expect(await store.history(user.userId, t0 + 3500, t0 + 4500)).toEqual([behind.history]);
  });

  it('keeps history for HISTORY_DAYS only', async () => {
    const user = makeUser();
    await store.createUser(user);
    const old = t0 - (HISTORY_DAYS + 5) * 86_400_000;
    const recentAt = t0 - 1000;
    await store.applyReport(user.userId, 'manual', manual('Away', old), old);
    const recent = await store.applyReport(user.userId, 'manual', manual('Busy', recentAt), recentAt);
    expect(await store.history(user.userId, 0, t0)).toEqual([recent.history]);
  });

  it('forgets a source, and reports not-applied when there was nothing to forget', async () => {
    const user = makeUser();
    await store.createUser(user);
    await store.applyReport(user.userId, 'manual', manual('DoNotDisturb', t0), t0);
    await store.applyReport(user.userId, 'teams-local', teams(false, t0), t0);
    const forgot = await store.forgetSource(user.userId, 'manual', t0 + 1);
    expect(forgot.applied).toBe(true);
    expect(forgot.record.seq).toBe(3);
    expect(forgot.record.reports.manual).toBeUndefined();
    expect(forgot.record.reports['teams-local']).toBeDefined();
    const again = await store.forgetSource(user.userId, 'manual', t0 + 2);
    expect(again.applied).toBe(false);
    expect((await store.getStatusRecord(user.userId))?.seq).toBe(3);
  });

  it('rejects changes for an unknown user without creating anything', async () => {
    await expect(store.applyReport('u-ghost', 'manual', manual('Busy', t0), t0)).rejects.toBeInstanceOf(UnknownUserError);
    await expect(store.forgetSource('u-ghost', 'manual', t0)).rejects.toBeInstanceOf(UnknownUserError);
    await expect(store.updateShare('u-ghost', { level: 'detailed' })).rejects.toBeInstanceOf(UnknownUserError);
    expect(await store.getStatusRecord('u-ghost')).toBeNull();
    expect(await store.deleteUser('u-ghost')).toBe(false);
  });

  it('changes the share level and rotates the share id: the old id stops resolving at once', async () => {
    const user = makeUser();
    await store.createUser(user);
    const detailed = await store.updateShare(user.userId, { level: 'detailed' });
    expect(detailed).toMatchObject({ shareId: user.shareId, shareLevel: 'detailed' });
    expect((await store.getUserByShareId(user.shareId))?.shareLevel).toBe('detailed');

    const fresh = makeUser().shareId;
    const rotated = await store.updateShare(user.userId, { newShareId: fresh });
    expect(rotated).toMatchObject({ shareId: fresh, shareLevel: 'detailed' });
    expect(await store.getUserByShareId(user.shareId)).toBeNull();
    expect((await store.getUserByShareId(fresh))?.userId).toBe(user.userId);
    expect((await store.getUser(user.userId))?.shareId).toBe(fresh);

    const other = makeUser();
    await store.createUser(other);
    await expect(store.updateShare(user.userId, { newShareId: other.shareId })).rejects.toBeInstanceOf(StoreConflictError);
    expect((await store.getUserByShareId(other.shareId))?.userId).toBe(other.userId);
  });

  it('deletes a user with their share, status and history', async () => {
    const user = makeUser();
    await store.createUser(user);
    await store.applyReport(user.userId, 'manual', manual('Busy', t0), t0);
    expect(await store.history(user.userId, t0, t0)).toHaveLength(1);
    expect(await store.deleteUser(user.userId)).toBe(true);
    expect(await store.getUser(user.userId)).toBeNull();
    expect(await store.getUserByShareId(user.shareId)).toBeNull();
    expect(await store.getStatusRecord(user.userId)).toBeNull();
    expect(await store.history(user.userId, 0, t0 + 1)).toEqual([]);
    expect(await store.deleteUser(user.userId)).toBe(false);
    // Registering again under the same ids starts from nothing.
    await store.createUser(user);
    const again = await store.applyReport(user.userId, 'manual', manual('Available', t0), t0);
    expect(again.record.seq).toBe(1);
  });

  it('lists users in registration order, counts them, and reads many records at once', async () => {
    const before = await store.countUsers();
    const base = Date.parse('2099-01-01T00:00:00Z');
    const made = [0, 1, 2].map((i) => makeUser({ createdAt: new Date(base + i).toISOString() }));
    for (const u of [made[2]!, made[0]!, made[1]!]) await store.createUser(u);
    expect(await store.countUsers()).toBe(before + 3);
    expect((await store.listUsers(before, 10)).map((u) => u.userId)).toEqual(made.map((u) => u.userId));
    expect((await store.listUsers(before + 1, 1)).map((u) => u.userId)).toEqual([made[1]!.userId]);
    expect(await store.listUsers(before + 3, 10)).toEqual([]);

    await store.applyReport(made[1]!.userId, 'manual', manual('Away', t0), t0);
    const records = await store.getStatusRecords([made[0]!.userId, made[1]!.userId, 'u-nobody']);
    expect(records[0]).toBeNull();
    expect(records[1]?.last.availability).toBe('Away');
    expect(records[2]).toBeNull();
  });

  it('allows `limit` hits per window, then denies with a retry delay, then allows again', async () => {
    const key = `test:${makeUser().userId}`;
    // Long enough that a busy machine cannot let it pass between the four hits.
    const windowMs = 1500;
    for (let i = 0; i < 3; i++) expect((await store.rateLimit(key, 3, windowMs)).allowed).toBe(true);
    const denied = await store.rateLimit(key, 3, windowMs);
    expect(denied.allowed).toBe(false);
    expect(denied.retryAfterMs).toBeGreaterThan(0);
    expect(denied.retryAfterMs).toBeLessThanOrEqual(windowMs);
    expect((await store.rateLimit(`${key}:other`, 3, windowMs)).allowed).toBe(true);
    await until(async () => (await store.rateLimit(key, 3, windowMs)).allowed, 'the rate-limit window to reset');
  });

  it('a sliding limit takes a place under every window or none, and says when the first full one frees', async () => {
    const key = `test:${makeUser().userId}:sliding`;
    // The short window is long enough for three calls on a busy machine, short enough to wait out.
    const windows = [{ limit: 2, windowMs: 2_000 }, { limit: 3, windowMs: 60_000 }];
    for (let i = 0; i < 2; i++) expect((await store.slidingLimit(key, windows)).allowed).toBe(true);
    const short = await store.slidingLimit(key, windows);
    expect(short.allowed).toBe(false);
    expect(short.retryAfterMs).toBeGreaterThan(0);
    expect(short.retryAfterMs).toBeLessThanOrEqual(2_000);
    // A refused ask takes no place: the short window frees after its oldest place, and the third place is the long window's last.
    await until(async () => (await store.slidingLimit(key, windows)).allowed, 'a place under the short window');
    const long = await store.slidingLimit(key, windows);
    expect(long.allowed).toBe(false);
    expect(long.retryAfterMs).toBeGreaterThan(50_000);
    expect((await store.slidingLimit(`${key}:other`, windows)).allowed).toBe(true);
  });

  it('authorise counts the address limit always and the person limit only for their own token, and reads them once', async () => {
    const user = makeUser();
    await store.createUser(user);
    await store.applyReport(user.userId, 'manual', manual('Busy', t0), t0);
    const address = { key: `ip:${user.userId}`, limit: 2, windowMs: 60_000 };
    const ask = (tokenHash: string) => store.authorise({ userId: user.userId, tokenHash, limits: [address], personLimit: { limit: 1, windowMs: 60_000 } });
    const wrong = await ask('0'.repeat(64));
    expect(wrong.user).toEqual(user);
    expect(wrong.limits[0]?.allowed).toBe(true);
    expect(wrong.personLimit).toBeNull();
    const right = await ask(user.tokenHash);
    expect(right.limits[0]?.allowed).toBe(true);
    expect(right.personLimit?.allowed).toBe(true);
    const again = await ask(user.tokenHash);
    expect(again.limits[0]?.allowed).toBe(false);
    expect(again.personLimit?.allowed).toBe(false);
    // The same window as the server's own address limit (one count per address, whichever counts it).
    expect((await store.rateLimit(address.key, 4, 60_000)).allowed).toBe(true);
    expect((await store.rateLimit(address.key, 4, 60_000)).allowed).toBe(false);
    expect((await store.authorise({ userId: 'u-nobody', tokenHash: user.tokenHash, limits: [], personLimit: { limit: 1, windowMs: 1000 } })).user).toBeNull();
    // What it read is a starting point for a write: the write lands on top of it.
    const applied = await store.applyReport(user.userId, 'manual', manual('Away', t0 + 1000), t0 + 1000, undefined, right.prior ?? undefined);
    expect(applied.record.last.availability).toBe('Away');
    // A stale starting point (another write happened since) is read again, not trusted.
    const stale = await store.applyReport(user.userId, 'manual', manual('Busy', t0 + 2000), t0 + 2000, undefined, right.prior ?? undefined);
    expect(stale.record.seq).toBe(applied.record.seq + 1);
    expect((await store.getStatusRecord(user.userId))?.last.availability).toBe('Busy');
  });

  it('grants a lease to one holder at a time, renews it for that holder, and frees it on release or expiry', async () => {
    const name = `job:${makeUser().userId}`;
    const first = await store.acquireLease(name, 'replica-a', 60_000);
    expect(first).toBeGreaterThan(0);
    expect(await store.acquireLease(name, 'replica-b', 60_000)).toBeNull();
    expect(await store.acquireLease(name, 'replica-a', 300)).toBe(first);
    expect(await store.readLease(name)).toEqual({ holder: 'replica-a', token: first });
    await store.releaseLease(name, 'replica-b');
    expect(await store.acquireLease(name, 'replica-b', 60_000)).toBeNull();
    await until(async () => (await store.acquireLease(name, 'replica-b', 60_000)) !== null, 'the renewed short lease to expire');
    expect(await store.acquireLease(name, 'replica-a', 60_000)).toBeNull();
    await store.releaseLease(name, 'replica-b');
    expect(await store.readLease(name)).toBeNull();
    expect(await store.acquireLease(name, 'replica-a', 60_000)).toBeGreaterThan(first!);
  });

  it('fences writes: a grant that lost its lease can no longer write reports or job state', async () => {
    const user = makeUser();
    await store.createUser(user);
    const lease = `job:${user.userId}`;
    const t0 = Date.now();
    const old = { lease, token: (await store.acquireLease(lease, 'replica-a', 200))! };
    expect((await store.applyReport(user.userId, 'manual', manual('Busy', t0), t0, old)).applied).toBe(true);
    await store.setJobState(lease, '{"n":1}', old);
    // replica-a pauses past its lease; replica-b takes over and writes.
    await until(async () => (await store.acquireLease(lease, 'replica-b', 60_000)) !== null, 'the lease to pass to replica-b');
    const current = { lease, token: (await store.readLease(lease))!.token };
    expect(current.token).toBeGreaterThan(old.token);
    await expect(store.applyReport(user.userId, 'manual', manual('Away', t0 + 1000), t0 + 1000, old)).rejects.toMatchObject({ name: 'LeaseLostError' });
    await expect(store.setJobState(lease, '{"n":2}', old)).rejects.toMatchObject({ name: 'LeaseLostError' });
    expect((await store.getStatusRecord(user.userId))?.reports.manual?.availability).toBe('Busy');
    expect(await store.getJobState(lease)).toBe('{"n":1}');
    expect((await store.applyReport(user.userId, 'manual', manual('Away', t0 + 2000), t0 + 2000, current)).applied).toBe(true);
    await store.setJobState(lease, '{"n":3}', current);
    expect(await store.getJobState(lease)).toBe('{"n":3}');
    // Released: nobody holds it, so no grant writes.
    await store.releaseLease(lease, 'replica-b');
    await expect(store.applyReport(user.userId, 'manual', manual('Busy', t0 + 3000), t0 + 3000, current)).rejects.toMatchObject({ name: 'LeaseLostError' });
  });

  it('tells subscribers about status changes, share rotation and deletion', async () => {
    const user = makeUser({ displayName: 'Grace', avatarUrl: 'https://example.com/g.png' });
    await store.createUser(user);
    const seen = recordEvents(store);
    const forUser = (type: string) => (e: StoreEvent) => e.type === type && 'userId' in e && e.userId === user.userId;

    const applied = await store.applyReport(user.userId, 'manual', manual('Busy', t0), t0);
    expect(await seen.next(forUser('status'), 'status event')).toEqual({
      type: 'status',
      userId: user.userId,
      shareId: user.shareId,
      level: 'basic',
      user: { displayName: 'Grace', avatarUrl: 'https://example.com/g.png' },
      timeZone: user.timeZone,
      email: user.email,
      department: null,
      record: applied.record,
    });

    const detailed = await store.updateShare(user.userId, { level: 'detailed' });
    expect(await seen.next((e) => e.type === 'status' && e.userId === user.userId && e.level === 'detailed', 'status event at the new level')).toEqual({
      type: 'status',
      userId: user.userId,
      shareId: user.shareId,
      level: 'detailed',
      user: { displayName: 'Grace', avatarUrl: 'https://example.com/g.png' },
      timeZone: detailed.timeZone,
      email: detailed.email,
      department: null,
      record: applied.record,
    });

    const newShareId = makeUser().shareId;
    await store.updateShare(user.userId, { newShareId });
    expect(await seen.next(forUser('share-revoked'), 'share-revoked event')).toEqual({ type: 'share-revoked', userId: user.userId, shareId: user.shareId });

    await store.deleteUser(user.userId);
    expect(await seen.next(forUser('user-deleted'), 'user-deleted event')).toEqual({ type: 'user-deleted', userId: user.userId, shareId: newShareId });
    seen.unsubscribe();

    // After unsubscribing, a later change reaches a second listener but not the first.
    const other = makeUser();
    await store.createUser(other);
    const second = recordEvents(store);
    await store.applyReport(other.userId, 'manual', manual('Away', t0), t0);
    await second.next((e) => 'userId' in e && e.userId === other.userId, 'status event for the second listener');
    second.unsubscribe();
    expect(seen.events.some((e) => 'userId' in e && e.userId === other.userId)).toBe(false);
  });

  it('loses no update when 50 reports for one user race', async () => {
    const user = makeUser();
    await store.createUser(user);
    const sources = ['manual', 'teams-local', 'graph', 'calendar'] as const;
    const jobs = Array.from({ length: 50 }, (_, i) => {
      const source = sources[i % sources.length]!;
      const at = t0 + ((i * 37) % 50) * 1000; // distinct times, shuffled order
      const report =
        source === 'manual'
          ? manual(i % 2 ? 'Busy' : 'Away', at)
          : source === 'teams-local'
            ? teams(i % 3 === 0, at)
            : source === 'graph'
              ? { observedAt: new Date(at).toISOString(), availability: 'Available', activity: 'Available' }
              : { observedAt: new Date(at).toISOString(), current: null, next: null };
      return { source, at, promise: store.applyReport(user.userId, source, report, at) };
    });
    const results = await Promise.all(jobs.map((j) => j.promise));
    const applied = results.filter((r) => r.applied).length;
    const record = await store.getStatusRecord(user.userId);
    expect(applied).toBeGreaterThanOrEqual(sources.length);
    expect(record?.seq).toBe(applied);
    for (const source of sources) {
      const newest = Math.max(...jobs.filter((j) => j.source === source).map((j) => j.at));
      expect(record?.reports[source]?.observedAt).toBe(new Date(newest).toISOString());
    }
  });

  describe('roster', () => rosterContract(() => store));
  describe('documents', () =>
    documentsContract(
      () => store,
      async () => {
        await store.close();
        store = await factory.open();
      },
    ));
});
