import { randomUUID } from 'node:crypto';
import { GRAPH_CONTEXT } from './graph-auth';
import { graphTime, readTime } from './graph-schedule';
import { graphError, sendJson, type CalendarItem, type FakeRequest, type MicrosoftState, type Route } from './model';
import { orgOf, type OrgPerson } from './org-model';

/**
 * App-only event creation in a mailbox (Calendars.ReadWrite): `POST /v1.0/users/{id}/events`
 * with attendees and, for `isOnlineMeeting` with `onlineMeetingProvider: teamsForBusiness`, a
 * Teams join URL; `PATCH /v1.0/users/{id}/events/{eventId}` moves it. Without the permission
 * (or for a mailbox an application access policy shuts out: `denied`) Graph answers 403
 * ErrorAccessDenied. The event lands in the organiser's and every attendee's calendar as busy,
 * so getSchedule sees it afterwards.
 */

export interface FakeEvent {
  id: string;
  organiser: string;
  subject: string;
  attendees: string[];
  start: number;
  end: number;
  joinUrl: string | null;
  body: string;
  items: CalendarItem[];
}

interface EventsState {
  events: Map<string, FakeEvent>;
  /** Mailboxes (by mail, lower case) the app may not write to. */
  denied: Set<string>;
}

const all = new WeakMap<MicrosoftState, EventsState>();

export function eventsOf(state: MicrosoftState): EventsState {
  let e = all.get(state);
  if (!e) all.set(state, (e = { events: new Map(), denied: new Set() }));
  return e;
}

function grantOf(r: FakeRequest): string[] | null {
  const auth = r.req.headers.authorization;
  const grant = auth?.startsWith('Bearer ') ? r.state.accessTokens.get(auth.slice(7)) : undefined;
  return grant && grant.expiresAt > r.state.now() ? grant.scopes : null;
}

function person(state: MicrosoftState, idOrMail: string): OrgPerson | undefined {
  const org = orgOf(state);
  return org.people.get(idOrMail) ?? [...org.people.values()].find((p) => p.mail.toLowerCase() === idOrMail.toLowerCase());
}

function view(r: FakeRequest, e: FakeEvent) {
  return {
    '@odata.context': `${GRAPH_CONTEXT(r.origin)}#users('${e.organiser}')/events/$entity`,
    id: e.id,
    subject: e.subject,
    start: { dateTime: graphTime(e.start), timeZone: 'UTC' },
    end: { dateTime: graphTime(e.end), timeZone: 'UTC' },
    attendees: e.attendees.map((address) => ({ type: 'required', status: { response: 'none', time: '0001-01-01T00:00:00Z' }, emailAddress: { address, name: address } })),
    isOnlineMeeting: e.joinUrl !== null,
    onlineMeetingProvider: e.joinUrl ? 'teamsForBusiness' : 'unknown',
    onlineMeeting: e.joinUrl ? { joinUrl: e.joinUrl } : null,
  };
}

/** Checks shared by create and move: a token with the role, a mailbox the app may write. */
function writable(r: FakeRequest, id: string): OrgPerson | null {
  const scopes = grantOf(r);
  if (!scopes) return void graphError(r.res, 401, 'InvalidAuthenticationToken', 'Access token is empty or expired.'), null;
  const organiser = person(r.state, decodeURIComponent(id));
  if (!organiser) return void graphError(r.res, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.'), null;
  if (!scopes.includes('Calendars.ReadWrite') || eventsOf(r.state).denied.has(organiser.mail.toLowerCase())) return void graphError(r.res, 403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.'), null;
  return organiser;
}

function parse(r: FakeRequest): Record<string, unknown> | null {
  try {
    return JSON.parse(r.body) as Record<string, unknown>;
  } catch {
    return void graphError(r.res, 400, 'BadRequest', 'Unable to read JSON request payload.'), null;
  }
}

function create(r: FakeRequest, m: RegExpMatchArray): void {
  const organiser = writable(r, m[1]!);
  const body = organiser && parse(r);
  if (!organiser || !body) return;
  const start = readTime(body.start);
  const end = readTime(body.end);
  if (start === null || end === null || end <= start) return graphError(r.res, 400, 'ErrorInvalidRequest', 'start and end must be dateTimeTimeZone values (this fake reads UTC) with end after start.');
  const attendees = Array.isArray(body.attendees) ? (body.attendees as { emailAddress?: { address?: string } }[]).map((a) => String(a.emailAddress?.address ?? '').toLowerCase()) : [];
  if (attendees.some((a) => !a.includes('@'))) return graphError(r.res, 400, 'ErrorInvalidRecipients', 'At least one recipient is not valid.');
  const teams = body.isOnlineMeeting === true && body.onlineMeetingProvider === 'teamsForBusiness';
  const id = `AAMkAD${randomUUID().replaceAll('-', '')}=`;
  const items = [organiser.mail.toLowerCase(), ...attendees].flatMap((mail) => {
    const p = person(r.state, mail);
    if (!p) return [];
    const item: CalendarItem = { start, end, status: 'busy', subject: String(body.subject ?? '') };
    p.calendar.push(item);
    return [item];
  });
  const event: FakeEvent = { id, organiser: organiser.mail.toLowerCase(), subject: String(body.subject ?? ''), attendees, start, end, joinUrl: teams ? `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${id.slice(6, 30)}%40thread.v2/0` : null, body: String((body.body as { content?: string } | undefined)?.content ?? ''), items };
  eventsOf(r.state).events.set(id, event);
  sendJson(r.res, 201, view(r, event));
}

function move(r: FakeRequest, m: RegExpMatchArray): void {
  const organiser = writable(r, m[1]!);
  const body = organiser && parse(r);
  if (!organiser || !body) return;
  const event = eventsOf(r.state).events.get(decodeURIComponent(m[2]!));
  if (!event || event.organiser !== organiser.mail.toLowerCase()) return graphError(r.res, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
  const start = body.start === undefined ? event.start : readTime(body.start);
  const end = body.end === undefined ? event.end : readTime(body.end);
  if (start === null || end === null || end <= start) return graphError(r.res, 400, 'ErrorInvalidRequest', 'start and end must be dateTimeTimeZone values (this fake reads UTC) with end after start.');
  Object.assign(event, { start, end });
  for (const item of event.items) Object.assign(item, { start, end });
  sendJson(r.res, 200, view(r, event));
}

export const orgEventRoutes: Route[] = [
  { method: 'POST', area: 'graph', path: /^\/v1\.0\/users\/([^/]+)\/events$/, handle: create },
  { method: 'PATCH', area: 'graph', path: /^\/v1\.0\/users\/([^/]+)\/events\/([^/]+)$/, handle: move },
];
