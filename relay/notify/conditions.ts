import type { Availability, RuleWhen } from '../../core';
import type { StatusPoint } from '../store/notify-store';

const BUSY: readonly Availability[] = ['Busy', 'DoNotDisturb'];

/** Whether a change from `before` to `after` is what a rule or watch waits for. */
export function changeMatches(when: RuleWhen, before: StatusPoint, after: StatusPoint): boolean {
  switch (when) {
    case 'any-change':
      return true;
    case 'call-started':
      return !before.inCall && after.inCall;
    case 'call-ended':
      return before.inCall && !after.inCall;
    case 'available':
      return before.availability !== 'Available' && after.availability === 'Available';
    case 'busy':
      return !BUSY.includes(before.availability) && BUSY.includes(after.availability);
  }
}

/** Whether the state a debounced rule fired for still holds when its delay is over (flapping ends in nothing). */
export function stillHolds(when: RuleWhen, now: StatusPoint): boolean {
  switch (when) {
    case 'any-change':
      return true;
    case 'call-started':
      return now.inCall;
    case 'call-ended':
      return !now.inCall;
    case 'available':
      return now.availability === 'Available';
    case 'busy':
      return BUSY.includes(now.availability);
  }
}
