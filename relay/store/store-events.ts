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
    department: user.roster?.department ?? null,
    record,
  };
}

export function shareRevokedEvent(userId: string, oldShareId: string): StoreEvent {
  return { type: 'share-revoked', userId, shareId: oldShareId };
}

export function userDeletedEvent(user: UserRecord): StoreEvent {
  return { type: 'user-deleted', userId: user.userId, shareId: user.shareId };
}
