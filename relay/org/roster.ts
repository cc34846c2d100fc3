import type { Page, RosterImportResult, RosterItem, RosterPerson } from '../../core';
import { newShareId, newUserId } from '../auth/secrets';
import { StoreContentionError, type Store, type UserRecord, type UserWrite } from '../store/store';
import type { RosterInput } from './roster-input';

/** Rounds of re-reading entries that changed under an import (an invite redeemed meanwhile, another import). */
const MAX_ROUNDS = 5;

export function rosterItemOf(user: UserRecord): RosterItem {
  return {
    userId: user.userId,
    email: user.email ?? '',
    displayName: user.displayName,
    entraId: user.roster?.entraId ?? null,
    department: user.roster?.department ?? null,
    linked: user.tokenHash !== '',
  };
}

/** The entry as the row asks for it; optional fields the row leaves out keep what was there. */
function merged(previous: UserRecord | null, person: RosterPerson, nowMs: number): UserRecord {
  const base: UserRecord = previous ?? {
    userId: newUserId(),
    displayName: person.displayName,
    email: person.email,
    avatarUrl: null,
    timeZone: null,
    // Not linked: no token opens this entry until an invite is redeemed.
    tokenHash: '',
    shareId: newShareId(),
    shareLevel: 'basic',
    createdAt: new Date(nowMs).toISOString(),
    roster: { entraId: null, department: null, invite: null },
  };
  const roster = base.roster ?? { entraId: null, department: null, invite: null };
  return {
    ...base,
    displayName: person.displayName,
    roster: { ...roster, entraId: person.entraId ?? roster.entraId, department: person.department ?? roster.department },
  };
}

/** Ids per people-joined event: one pub/sub message stays small (~20 KB) however large the import. */
const JOINED_PER_EVENT = 500;

const same = (a: UserRecord, b: UserRecord) => JSON.stringify(a) === JSON.stringify(b);

/** The organisation's people: upsert by email in batches, list, remove. */
export class Roster {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  async import(input: RosterInput, prune: boolean): Promise<RosterImportResult> {
    const result: RosterImportResult = { created: 0, updated: 0, unchanged: 0, removed: 0, rejected: input.rejected };
    const existing = new Map((await this.store.listRoster()).map((u) => [u.email ?? '', u]));
    let pending = input.rows.map((r) => r.person);
    const joined: string[] = [];
    for (let round = 0; pending.length > 0; round++) {
      if (round === MAX_ROUNDS) throw new StoreContentionError('the roster kept changing during the import; try again');
      if (round > 0) await this.reread(existing, pending);
      const writes: UserWrite[] = [];
      const people: RosterPerson[] = [];
      for (const person of pending) {
        const previous = existing.get(person.email) ?? null;
        const next = merged(previous, person, this.now());
        if (previous && same(previous, next)) result.unchanged++;
        else {
          writes.push({ previous, next });
          people.push(person);
        }
      }
      const failed = new Set(await this.store.writeUsers(writes));
      writes.forEach((w, i) => {
        if (failed.has(i)) return;
        result[w.previous ? 'updated' : 'created']++;
        if (!w.previous) joined.push(w.next.userId);
      });
      pending = people.filter((_, i) => failed.has(i));
    }
    // Open boards learn of the newcomers now; a board that misses this still has them at its next snapshot.
    for (let i = 0; i < joined.length; i += JOINED_PER_EVENT) await this.store.broadcast({ type: 'people-joined', userIds: joined.slice(i, i + JOINED_PER_EVENT) });
    if (prune) {
      const keep = new Set(input.rows.map((r) => r.person.email));
      for (const [email, user] of existing) {
        if (!keep.has(email) && (await this.store.deleteUser(user.userId))) result.removed++;
      }
    }
    return result;
  }

  private async reread(existing: Map<string, UserRecord>, people: RosterPerson[]): Promise<void> {
    for (const { email } of people) {
      const user = await this.store.getRosterEntry(email);
      if (user) existing.set(email, user);
      else existing.delete(email);
    }
  }

  async list(page: number, pageSize: number): Promise<Page<RosterItem>> {
    const all = await this.store.listRoster();
    return { items: all.slice(page * pageSize, (page + 1) * pageSize).map(rosterItemOf), page, pageSize, total: all.length };
  }

  get(email: string): Promise<UserRecord | null> {
    return this.store.getRosterEntry(email.trim().toLowerCase());
  }

  /** Gone entirely, as DELETE /api/v1/me: status, history, share and token. */
  async remove(email: string): Promise<boolean> {
    const user = await this.get(email);
    return user ? this.store.deleteUser(user.userId) : false;
  }
}
