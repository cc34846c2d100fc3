import type { OrgPerson } from './org-model';

/** getSchedule's `workingHours` for one mailbox, as Graph writes it (Windows or IANA zone name). */
export interface FakeWorkingHours {
  daysOfWeek: string[];
  startTime: string;
  endTime: string;
  timeZone: { name: string };
}

/** What Exchange answers for a mailbox nobody configured: weekdays 08:00–17:00 UTC. */
const DEFAULT: FakeWorkingHours = { daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], startTime: '08:00:00.0000000', endTime: '17:00:00.0000000', timeZone: { name: 'UTC' } };

const hours = new WeakMap<OrgPerson, FakeWorkingHours>();

export function setWorkingHours(person: OrgPerson, workingHours: FakeWorkingHours): void {
  hours.set(person, workingHours);
}

export function workingHoursOf(person: OrgPerson): FakeWorkingHours {
  return hours.get(person) ?? DEFAULT;
}
