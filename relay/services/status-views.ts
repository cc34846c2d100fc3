import type { Availability, ResolvedStatus, StatusRecord } from '../../core';
import type { Store, UserRecord } from '../store/store';
import { emptyRecord, viewStatus } from '../../core';
import { ownerStatus } from '../http/views';

/** One person in `GET /api/v1/org/statuses` (relay-api.md, "Statuses"). */
export interface OrgStatus {
  userId: string;
  displayName: string;
  email: string | null;
  department: string | null;
  availability: Availability;
  activity: string;
  label: string;
  inCall: boolean;
  stale: boolean;
  updatedAt: string | null;
}

export interface StatusFilter {
  department?: string;
  availability?: Availability;
}

export interface StatusPage {
  items: OrgStatus[];
  total: number;
}

/** Users are read this many at a time when a filter needs everyone looked at. */
const SCAN_CHUNK = 1000;

/** A person's resolved status for the organisation: no report yet is Offline (relay-api.md, "Statuses"). */
export function orgResolved(user: Pick<UserRecord, 'createdAt' | 'timeZone'>, record: StatusRecord | null, nowMs: number): ResolvedStatus {
  const status = viewStatus(record ?? emptyRecord(Date.parse(user.createdAt)), nowMs, user.timeZone ?? undefined);
  return record ? status : { ...status, availability: 'Offline', activity: 'Offline', label: 'Offline' };
}

/** The organisation's view of one person: nobody has reported yet → Offline, never a guess. */
export function orgStatusOf(user: UserRecord, record: StatusRecord | null, nowMs: number): OrgStatus {
  const base = { userId: user.userId, displayName: user.displayName, email: user.email, department: user.roster?.department ?? null };
  if (!record) return { ...base, availability: 'Offline', activity: 'Offline', label: 'Offline', inCall: false, stale: false, updatedAt: null };
  const status: ResolvedStatus = ownerStatus(user, record, nowMs);
  return {
    ...base,
    availability: status.availability,
    activity: status.activity,
    label: status.label,
    inCall: status.call?.inCall === true,
    stale: status.stale,
    updatedAt: status.updatedAt,
  };
}

function matches(item: OrgStatus, filter: StatusFilter): boolean {
  if (filter.department !== undefined && (item.department ?? '').toLowerCase() !== filter.department.toLowerCase()) return false;
  return filter.availability === undefined || item.availability === filter.availability;
}

/**
 * Everyone's status, a page at a time, in registration order. Users and their records are read
 * in bulk (a few store round trips per page, never one per person).
 */
export class StatusViews {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  async page(offset: number, limit: number, filter: StatusFilter = {}): Promise<StatusPage> {
    if (filter.department === undefined && filter.availability === undefined) {
      const [users, total] = await Promise.all([this.store.listUsers(offset, limit), this.store.countUsers()]);
      return { items: await this.viewsOf(users), total };
    }
    // A filter depends on each person's resolved status, so look at everyone once.
    const items: OrgStatus[] = [];
    let total = 0;
    for (let from = 0; ; from += SCAN_CHUNK) {
      const users = await this.store.listUsers(from, SCAN_CHUNK);
      for (const item of await this.viewsOf(users)) {
        if (!matches(item, filter)) continue;
        if (total >= offset && items.length < limit) items.push(item);
        total++;
      }
      if (users.length < SCAN_CHUNK) break;
    }
    return { items, total };
  }

  async viewsOf(users: readonly UserRecord[]): Promise<OrgStatus[]> {
    if (users.length === 0) return [];
    const records = await this.store.getStatusRecords(users.map((u) => u.userId));
    const now = this.now();
    return users.map((u, i) => orgStatusOf(u, records[i] ?? null, now));
  }
}
