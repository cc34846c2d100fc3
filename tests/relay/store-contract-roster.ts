import { expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Store, UserRecord } from '../../relay/store/store';
import { makeUser, manual, recordEvents } from './store-support';

/** A roster entry not linked to any extension yet (empty tokenHash). */
function rosterUser(email: string, overrides: Partial<UserRecord> = {}): UserRecord {
  return makeUser({ email, tokenHash: '', roster: { entraId: null, department: 'Sales', invite: null }, ...overrides });
}

/** The roster part of the store contract; both stores run it (store-contract.test.ts). */
export function rosterContract(store: () => Store): void {
  it('writes a batch of roster entries, finds them by email and lists them by email', async () => {
    const tag = randomUUID().slice(0, 8);
    const people = ['c', 'a', 'b'].map((n) => rosterUser(`${n}-${tag}@example.test`));
    expect(await store().writeUsers(people.map((next) => ({ previous: null, next })))).toEqual([]);
    expect(await store().getRosterEntry(`A-${tag}@EXAMPLE.test`)).toEqual(people[1]);
    const mine = (await store().listRoster()).filter((u) => u.email?.endsWith(`-${tag}@example.test`));
    expect(mine.map((u) => u.email)).toEqual([`a-${tag}@example.test`, `b-${tag}@example.test`, `c-${tag}@example.test`]);
    // Roster people are users like any other: listed, counted, readable by id and share.
    expect(await store().getUser(people[0]!.userId)).toEqual(people[0]);
    expect(await store().getUserByShareId(people[0]!.shareId)).toEqual(people[0]);
  });

  it('never finds a self-registered person by email', async () => {
    const email = `self-${randomUUID()}@example.test`;
    await store().createUser(makeUser({ email }));
    expect(await store().getRosterEntry(email)).toBeNull();
  });

  it('writes each entry only if it is still what the caller read, and reports the others', async () => {
    const tag = randomUUID();
    const ada = rosterUser(`ada-${tag}@example.test`);
    expect(await store().writeUsers([{ previous: null, next: ada }])).toEqual([]);
    const renamed = { ...ada, displayName: 'Ada King' };
    const stale = { ...ada, displayName: 'Not what is stored' };
    const twin = rosterUser(ada.email!);
    const fresh = rosterUser(`bob-${tag}@example.test`);
    // 0: stale previous, 1: a second entry for a taken email, 2: a create over an existing id, 3: fine.
    const failed = await store().writeUsers([
      { previous: stale, next: { ...ada, displayName: 'Lost' } },
      { previous: null, next: twin },
      { previous: null, next: { ...fresh, userId: ada.userId } },
      { previous: ada, next: renamed },
    ]);
    expect(failed).toEqual([0, 1, 2]);
    expect(await store().getRosterEntry(ada.email!)).toEqual(renamed);
    expect(await store().getUser(twin.userId)).toBeNull();
  });

  it('forgets the email of a deleted roster entry, so the email can be added again', async () => {
    const email = `gone-${randomUUID()}@example.test`;
    const first = rosterUser(email);
    await store().writeUsers([{ previous: null, next: first }]);
    expect(await store().deleteUser(first.userId)).toBe(true);
    expect(await store().getRosterEntry(email)).toBeNull();
    expect((await store().listRoster()).some((u) => u.email === email)).toBe(false);
    const again = rosterUser(email);
    expect(await store().writeUsers([{ previous: null, next: again }])).toEqual([]);
    expect(await store().getRosterEntry(email)).toEqual(again);
  });

  it('carries a roster entry’s department on its status events (the organisation stream shows it)', async () => {
    const ada = rosterUser(`dept-${randomUUID()}@example.test`);
    await store().writeUsers([{ previous: null, next: ada }]);
    const seen = recordEvents(store());
    await store().applyReport(ada.userId, 'manual', manual('Busy', Date.now()), Date.now());
    const event = await seen.next((e) => e.type === 'status' && e.userId === ada.userId, 'status event');
    expect(event).toMatchObject({ type: 'status', email: ada.email, department: 'Sales' });
    seen.unsubscribe();
  });

  it('writes 10,000 entries in one call', async () => {
    const tag = randomUUID().slice(0, 8);
    const people = Array.from({ length: 10_000 }, (_, i) => rosterUser(`p${i}-${tag}@example.test`));
    const before = await store().countUsers();
    expect(await store().writeUsers(people.map((next) => ({ previous: null, next })))).toEqual([]);
    expect(await store().countUsers()).toBe(before + 10_000);
    expect(await store().getRosterEntry(`p9999-${tag}@example.test`)).toEqual(people[9999]);
  });
}
