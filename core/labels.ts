import { availabilityLabel, type Availability } from './availability';

/** Graph activity words a person recognises, phrased as Teams phrases them. */
const ACTIVITY_LABELS: Record<string, string> = {
  InACall: 'In a call',
  InAConferenceCall: 'In a conference call',
  InAMeeting: 'In a meeting',
  Presenting: 'Presenting',
  OutOfOffice: 'Out of office',
  OffWork: 'Off work',
  DoNotDisturb: 'Do not disturb',
  UrgentInterruptionsOnly: 'Urgent interruptions only',
  Inactive: 'Inactive',
  BeRightBack: 'Be right back',
  Away: 'Away',
  Busy: 'Busy',
  Available: 'Available',
  Offline: 'Offline',
  WorkingElsewhere: 'Working elsewhere',
  Tentative: 'Tentative',
};

/** Label for an availability/activity pair; unknown activities fall back to the availability. */
export function activityLabel(availability: Availability, activity: string): string {
  return ACTIVITY_LABELS[activity] ?? availabilityLabel(availability);
}
