/** The seven availabilities of a resolved status, in the relay contract's words. */
export const AVAILABILITIES = [
  'Available',
  'Busy',
  'DoNotDisturb',
  'BeRightBack',
  'Away',
  'Offline',
  'Unknown',
] as const;

export type Availability = (typeof AVAILABILITIES)[number];

/** Availabilities a person may pick by hand (manual source). */
export const MANUAL_AVAILABILITIES = ['Available', 'Busy', 'DoNotDisturb', 'BeRightBack', 'Away', 'Offline'] as const;

/**
 * Graph's availability vocabulary is open (Microsoft adds values), so anything we do not
 * recognise folds to Unknown instead of being rejected.
 */
export function availabilityFromGraph(value: string): Availability {
  switch (value) {
    case 'Available':
    case 'AvailableIdle':
      return 'Available';
    case 'Busy':
    case 'BusyIdle':
      return 'Busy';
    case 'DoNotDisturb':
      return 'DoNotDisturb';
    case 'BeRightBack':
      return 'BeRightBack';
    case 'Away':
      return 'Away';
    case 'Offline':
      return 'Offline';
    default:
      return 'Unknown';
  }
}
