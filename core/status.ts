import type { Availability } from './availability';
import type { SourceName } from './sources';
import type { CallState, ShowAs } from './wire/reports';
import type { ShareLevel } from './wire/requests';

export interface CalendarSummary {
  /** End of the current busy/tentative/out-of-office block, if in one. */
  busyUntil: string | null;
  next: { start: string; end: string; showAs: ShowAs } | null;
}

/** What the resolver decides from a person's reports at one instant. */
export interface Resolution {
  availability: Availability;
  activity: string;
  label: string;
  /** The source that decided, or null when nothing usable was known. */
  source: SourceName | null;
  stale: boolean;
  call: CallState | null;
  calendar: CalendarSummary | null;
  message: string | null;
  /** The next instant at which the same reports resolve differently (expiry, event edges). */
  nextChangeAt: string | null;
}

/** The resolved status as the owner sees it (`GET /api/v1/me/status`, without `sources`). */
export interface ResolvedStatus extends Omit<Resolution, 'nextChangeAt'> {
  since: string;
  updatedAt: string;
  seq: number;
}

export interface PublicUser {
  displayName: string;
  avatarUrl: string | null;
}

/** `GET /api/v1/s/{shareId}`: the resolved status filtered by the share's level. */
export interface PublicView {
  user: PublicUser;
  level: ShareLevel;
  availability: Availability;
  activity: string;
  label: string;
  since: string;
  stale: boolean;
  updatedAt: string;
  seq: number;
  call?: CallState | null;
  calendar?: CalendarSummary | null;
  message?: string | null;
}
