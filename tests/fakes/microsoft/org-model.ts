import type { CalendarItem, MicrosoftState } from './model';

/**
 * The organisation behind the app-only endpoints (org-*.ts): a directory of people with their
 * presence and calendars, the app's credentials and granted application permissions, and the
 * switches that make Graph hard (a per-app concurrency limit, throttled items, latency per
 * round trip, short-lived tokens). Kept beside MicrosoftState so the delegated fake is untouched.
 */

export interface OrgPerson {
  id: string;
  displayName: string;
  mail: string;
  department: string | null;
  accountEnabled: boolean;
  presence: { availability: string; activity: string };
  calendar: CalendarItem[];
  /** getSchedule answers this mailbox with an error instead of its schedule (e.g. ErrorMailRecipientNotFound). */
  mailboxError?: { responseCode: string; message: string };
}

export interface OrgSwitches {
  /** The app's client secret (client_credentials with client_secret). */
  clientSecret: string;
  /** PEM certificates registered on the app (client_credentials with a JWT assertion). */
  certificates: string[];
  /** Application permissions an admin consented to (the token's roles). */
  roles: string[];
  /** App-only token lifetime in seconds. */
  tokenLifetimeS: number;
  /** HTTP requests to the org endpoints in flight at once before the next is answered 429. */
  concurrencyLimit: number;
  /** Added to each org HTTP round trip ($batch once, not per item). */
  latencyMs: number;
  /** Share (0..1) of batch items answered 429 on their first attempt… */
  throttleShare: number;
  /** …with this Retry-After (seconds). */
  retryAfterS: number;
  /** /users page size when $top is absent (Graph: 100). */
  usersPageSize: number;
}

export interface OrgCounters {
  tokensIssued: number;
  httpRequests: number;
  batches: number;
  batchItems: number;
  /** Whole HTTP requests refused for exceeding the concurrency limit. */
  overLimit: number;
  itemsThrottled: number;
  inFlight: number;
  maxInFlight: number;
  presenceCalls: number;
  /** Every getSchedule address asked for, in order (repeats show retries). */
  scheduleAsks: string[];
}

export interface OrgDirectory {
  people: Map<string, OrgPerson>;
  switches: OrgSwitches;
  counters: OrgCounters;
  /** Items already throttled once (by batch item key), so each is throttled at most once. */
  throttledOnce: Set<string>;
}

const orgs = new WeakMap<MicrosoftState, OrgDirectory>();

export function orgOf(state: MicrosoftState): OrgDirectory {
  let org = orgs.get(state);
  if (!org) {
    org = {
      people: new Map(),
      switches: { clientSecret: 'fake-app-secret', certificates: [], roles: ['Calendars.Read', 'Presence.Read.All', 'User.Read.All'], tokenLifetimeS: 3599, concurrencyLimit: 4, latencyMs: 0, throttleShare: 0, retryAfterS: 1, usersPageSize: 100 },
      counters: { tokensIssued: 0, httpRequests: 0, batches: 0, batchItems: 0, overLimit: 0, itemsThrottled: 0, inFlight: 0, maxInFlight: 0, presenceCalls: 0, scheduleAsks: [] },
      throttledOnce: new Set(),
    };
    orgs.set(state, org);
  }
  return org;
}

/** A GUID-shaped Entra object id from a number (stable across runs). */
export function entraId(n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `0a0b0c0d-0000-4000-8000-${hex}`;
}

/** `count` people p0…p{count-1} at contoso.example, Available, with an empty calendar. */
export function addPeople(state: MicrosoftState, count: number, from = 0): OrgPerson[] {
  const org = orgOf(state);
  const added: OrgPerson[] = [];
  for (let i = from; i < from + count; i++) {
    const person: OrgPerson = { id: entraId(i), displayName: `Person ${i}`, mail: `p${i}@contoso.example`, department: i % 2 ? 'Sales' : 'Engineering', accountEnabled: true, presence: { availability: 'Available', activity: 'Available' }, calendar: [] };
    org.people.set(person.id, person);
    added.push(person);
  }
  return added;
}
