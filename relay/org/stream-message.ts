import type { ResolvedStatus } from '../../core';
import { orgResolved } from '../services/status-views';
import type { StoreEvent, UserRecord } from '../store/store';

/**
 * One message of GET /api/v1/org/stream (relay-api.md, "Statuses"). `displayName` and
 * `department` are additions so a board can place a person it has not listed yet; `removed`
 * tells it somebody left the roster.
 */
export type StreamMessage =
  | { type: 'status' | 'snapshot'; userId: string; email: string | null; displayName: string; department: string | null; status: ResolvedStatus }
  | { type: 'removed'; userId: string };

export function messageOfEvent(event: Extract<StoreEvent, { type: 'status' }>, nowMs: number): StreamMessage {
  return {
    type: 'status',
    userId: event.userId,
    email: event.email,
    displayName: event.user.displayName,
    department: event.department ?? null,
    status: orgResolved({ createdAt: event.record.updatedAt, timeZone: event.timeZone }, event.record, nowMs),
  };
}

export function snapshotOf(user: UserRecord, status: ResolvedStatus, type: 'snapshot' | 'status' = 'snapshot'): StreamMessage {
  return { type, userId: user.userId, email: user.email, displayName: user.displayName, department: user.roster?.department ?? null, status };
}
