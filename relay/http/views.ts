import { createHash } from 'node:crypto';
import type { PublicUser, PublicView, ResolvedStatus, ShareLevel, StatusRecord } from '../../core';
import { emptyRecord, toPublicView, viewStatus } from '../../core';
import type { UserRecord } from '../store/store';

/** What a share's view is computed from; the store's status events carry exactly this. */
export interface ShareState {
  user: PublicUser;
  level: ShareLevel;
  timeZone: string | null;
  record: StatusRecord;
}

/** A person with no report yet has an empty record dated from their registration. */
export function recordOrEmpty(record: StatusRecord | null, user: UserRecord): StatusRecord {
  return record ?? emptyRecord(Date.parse(user.createdAt));
}

export function shareStateOf(user: UserRecord, record: StatusRecord | null): ShareState {
  return {
    user: { displayName: user.displayName, avatarUrl: user.avatarUrl },
    level: user.shareLevel,
    timeZone: user.timeZone,
    record: recordOrEmpty(record, user),
  };
}

export function ownerStatus(user: UserRecord, record: StatusRecord | null, nowMs: number): ResolvedStatus {
  return viewStatus(recordOrEmpty(record, user), nowMs, user.timeZone ?? undefined);
}

export function publicViewOf(state: ShareState, nowMs: number): PublicView {
  return toPublicView(state.record, state.user, state.level, nowMs, state.timeZone ?? undefined);
}

/**
 * The ETag carries the level's seq, plus a fingerprint of the view: a change of name or level
 * alters the view without moving the seq, and a cache must not keep the old picture then.
 */
export function etagOf(view: PublicView): string {
  const digest = createHash('sha256').update(JSON.stringify(view)).digest('base64url').slice(0, 12);
  return `"${view.seq}-${digest}"`;
}
