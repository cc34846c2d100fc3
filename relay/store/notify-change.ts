import { randomUUID } from 'node:crypto';
import type { ApplyResult, StatusRecord } from '../../core';
import type { QueuedChange } from './notify-store';

/**
 * The notification queue's entry for a status write, or null when nothing anyone sees changed
 * (the same changes that make a history entry). Both stores queue it in the write's own step (a
 * cluster: into the person's outbox, moved into the queue after; redis-outbox.ts).
 */
export function queuedChangeOf(userId: string, previous: StatusRecord | null, result: ApplyResult): QueuedChange | null {
  const h = result.history;
  if (!result.applied || !h) return null;
  const before = previous?.last ?? { availability: 'Unknown' as const, activity: 'Unknown', inCall: false };
  return {
    id: `evt_${randomUUID()}`,
    userId,
    at: h.at,
    before: { availability: before.availability, activity: before.activity, inCall: before.inCall },
    after: { availability: h.availability, activity: h.activity, inCall: h.inCall },
  };
}
