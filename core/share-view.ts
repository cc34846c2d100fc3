import { availabilityLabel } from './wording';
import type { PublicUser, PublicView, ResolvedStatus } from './status';
import type { ShareLevel } from './wire/requests';

/**
 * Filter a resolved status for a share. `basic` says only how available the person is
 * (no call flags, calendar, message, or an activity that reveals them); `detailed` says all.
 */
export function toPublicView(status: ResolvedStatus, user: PublicUser, level: ShareLevel): PublicView {
  const common = {
    user: { displayName: user.displayName, avatarUrl: user.avatarUrl },
    level,
    availability: status.availability,
    since: status.since,
    stale: status.stale,
    updatedAt: status.updatedAt,
    seq: status.seq,
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
