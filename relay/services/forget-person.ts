import { newShareId, newUserId } from '../auth/secrets';
import type { Store, UserRecord } from '../store/store';

/**
 * DELETE /api/v1/me: the person's status, history, share and token are gone. A roster entry
 * belongs to the organisation, though, so it comes back empty under a new id and share (not
 * linked, no history) and stays on the admin's roster; the admin removes people from there.
 * Their meeting roulette choices go with them (they are in the draw again until they opt out).
 */
export async function forgetPerson(store: Store, user: UserRecord, nowMs: number): Promise<void> {
  // A concurrent delete may win the race; the person is gone either way.
  const deleted = await store.deleteUser(user.userId);
  // Their meeting roulette choices (opt-out, snooze, do-not-pair) were theirs alone.
  if (deleted && user.email) await store.takeDocument('roulette-choices', user.email);
  if (!deleted || !user.roster) return;
  const fresh: UserRecord = {
    ...user,
    userId: newUserId(),
    shareId: newShareId(),
    shareLevel: 'basic',
    tokenHash: '',
    avatarUrl: null,
    createdAt: new Date(nowMs).toISOString(),
    roster: { ...user.roster, invite: null },
  };
  // Someone re-added the email meanwhile (an import): theirs stands.
  await store.writeUsers([{ previous: null, next: fresh }]);
}
