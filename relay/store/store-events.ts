import type { StatusRecord } from '../../core';
import type { StoreEvent, UserRecord } from './store';

/** The status event for a user's record, with all a replica needs to render every view. */
export function statusEvent(user: UserRecord, record: StatusRecord): StoreEvent {
  return {
    type: 'status',
    userId: user.userId,
    shareId: user.shareId,
    level: user.shareLevel,
    user: { displayName: user.displayName, avatarUrl: user.avatarUrl },
    timeZone: user.timeZone,
    email: user.email,
    record,
  };
}

export function shareRevokedEvent(userId: string, oldShareId: string): StoreEvent {
  return { type: 'share-revoked', userId, shareId: oldShareId };
}

export function userDeletedEvent(user: UserRecord): StoreEvent {
  return { type: 'user-deleted', userId: user.userId, shareId: user.shareId };
}

/** Rejects (as a thrown error) a page request the org API should never make. */
export function checkPage(offset: number, limit: number): void {
  if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`offset must be a whole number ≥ 0, got ${offset}`);
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`limit must be a whole number ≥ 0, got ${limit}`);
}
