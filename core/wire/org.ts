import { z } from 'zod';
import { AVAILABILITIES } from '../availability';
import { LIMITS, hasControlCharacters } from './limits';

/** Organisation limits (relay-api.md, "Organisation"). */
export const ORG_LIMITS = {
  /** A roster import may be far larger than other bodies: 10,000 people as CSV is under 1 MiB. */
  rosterBytes: 8 * 1024 * 1024,
  rosterRows: 50_000,
  department: 100,
  entraId: 64,
  maxPageSize: 1000,
  defaultPageSize: 100,
  /** Invite codes live this long unless the admin asks otherwise. */
  inviteDays: 7,
} as const;

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !hasControlCharacters(s), 'must not contain control characters');

/** One roster row; empty optional cells count as absent. */
export const rosterPersonSchema = z.strictObject({
  email: z.string().trim().toLowerCase().pipe(z.email('must be an email address').max(LIMITS.email)),
  displayName: text(LIMITS.displayName).pipe(z.string().min(1, 'must not be empty')),
  entraId: text(ORG_LIMITS.entraId).optional(),
  department: text(ORG_LIMITS.department).optional(),
});
export type RosterPerson = z.infer<typeof rosterPersonSchema>;

export const ROSTER_COLUMNS = ['email', 'displayName', 'entraId', 'department'] as const;

export interface RosterRejection {
  row: number;
  field: string;
  message: string;
}

export interface RosterImportResult {
  created: number;
  updated: number;
  unchanged: number;
  /** People absent from the body removed by ?prune=true (0 otherwise); an addition to the contract. */
  removed: number;
  rejected: RosterRejection[];
}

/** A row of GET /api/v1/org/people. */
export interface RosterItem {
  userId: string;
  email: string;
  displayName: string;
  entraId: string | null;
  department: string | null;
  linked: boolean;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

/** ?page=&pageSize= as the contract bounds them; query values arrive as strings. */
export const pageQuerySchema = z.object({
  page: z.coerce.number().int('must be a whole number').min(0, 'must be 0 or more').default(0),
  pageSize: z.coerce.number().int('must be a whole number').min(1, 'must be between 1 and 1000').max(ORG_LIMITS.maxPageSize, 'must be between 1 and 1000').default(ORG_LIMITS.defaultPageSize),
});

export const statusQuerySchema = pageQuerySchema.extend({
  department: z.string().max(ORG_LIMITS.department).optional(),
  availability: z.enum(AVAILABILITIES).optional(),
});

/** Invite links are `<relay>/join/<code>`; the relay serves that page and the extension reads the code from it. */
export const INVITE_PATH = '/join/';

export interface InviteResponse {
  url: string;
  code: string;
  expiresAt: string;
}
