import { availabilityLabel } from './availability';
import { currentView, type StatusRecord } from './record';
import type { PublicUser, PublicView } from './status';
import type { ShareLevel } from './wire/requests';

/**
 * A share's view of a record as of `nowMs`. `basic` says only how available the person is (no
 * call flags, calendar, message, or an activity that reveals them) and its since, updatedAt and
 * seq count only those changes; `detailed` says all.
 */
export function toPublicView(record: StatusRecord, user: PublicUser, level: ShareLevel, nowMs: number, timeZone?: string): PublicView {
  const { resolution: status, levels } = currentView(record, nowMs, timeZone);
  const { since, updatedAt, seq } = levels[level];
  const common = {
    user: { displayName: user.displayName, avatarUrl: user.avatarUrl },
    level,
    availability: status.availability,
    since,
    stale: status.stale,
    updatedAt,
    seq,
  };
  if (level === 'basic') {
    return { ...common, activity: status.availability, label: availabilityLabel(status.availability) };
  }
  return {
    ...common,
    activity: status.activity,
    label: status.label,
    call: status.call,
    calendar: status.calendar,
    message: status.message,
  };
}
