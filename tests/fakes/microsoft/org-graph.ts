import type { ServerResponse } from 'node:http';
import { GRAPH_CONTEXT } from './graph-auth';
import { DIGIT, graphTime, readTime } from './graph-schedule';
import { sendJson, type FakeRequest, type MicrosoftState, type Route } from './model';
import { orgOf, type OrgDirectory, type OrgPerson } from './org-model';
import { workingHoursOf } from './org-working-hours';

/**
 * The app-only Graph endpoints the relay's jobs use: `POST /v1.0/$batch` (≤ 20 requests, ids
 * unique, answers in any order), `POST /v1.0/users/{id}/calendar/getSchedule` (≤ 20 schedules,
 * each may carry its own `error`), `POST /v1.0/communications/getPresencesByUserId` (≤ 650 ids),
 * `GET /v1.0/users` paged by `@odata.nextLink`. Every HTTP request counts against the app's
 * concurrency limit (429 beyond it) and waits `latencyMs`; inside a batch, a share of items is
 * answered 429 with its own Retry-After. Switches and counters: org-model.ts.
 */

interface Answer {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

const error = (status: number, code: string, message: string, headers?: Record<string, string>): Answer => ({ status, headers, body: { error: { code, message } } });

function authorised(state: MicrosoftState, authorization: string | undefined, roles: string[]): Answer | null {
  const grant = authorization?.startsWith('Bearer ') ? state.accessTokens.get(authorization.slice(7)) : undefined;
  if (!grant) return error(401, 'InvalidAuthenticationToken', authorization ? 'IDX14100: JWT is not well formed.' : 'Access token is empty.');
  if (grant.expiresAt <= state.now()) return error(401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.');
  if (!roles.some((role) => grant.scopes.includes(role))) return error(403, 'Forbidden', `Missing role permissions on the request. API requires one of '${roles.join(', ')}'.`);
  return null;
}

function scheduleOf(person: OrgPerson | undefined, address: string, start: number, end: number, interval: number): unknown {
  if (!person) return { scheduleId: address, availabilityView: '', error: { message: 'The user is outside of your organization.', responseCode: 'ErrorMailRecipientNotFound' } };
  if (person.mailboxError) return { scheduleId: address, availabilityView: '', error: person.mailboxError };
  const items = person.calendar.filter((i) => i.end > start && i.start < end).sort((a, b) => a.start - b.start);
  let view = '';
  for (let t = start; t < end; t += interval * 60_000) {
    const slotEnd = Math.min(end, t + interval * 60_000);
    view += String(Math.max(0, ...items.filter((i) => i.end > t && i.start < slotEnd).map((i) => DIGIT[i.status])));
  }
  return {
    scheduleId: address,
    availabilityView: view,
    scheduleItems: items.map((i) => ({ isPrivate: false, status: i.status, subject: '', location: '', start: { dateTime: graphTime(i.start), timeZone: 'UTC' }, end: { dateTime: graphTime(i.end), timeZone: 'UTC' } })),
    workingHours: workingHoursOf(person),
  };
}

/** People by lower-case mail, rebuilt only when the directory changed size (10,000 people: once, not per request). */
const indexes = new WeakMap<OrgDirectory, { size: number; byMail: Map<string, OrgPerson> }>();
function mailIndex(org: OrgDirectory): Map<string, OrgPerson> {
  let index = indexes.get(org);
  if (!index || index.size !== org.people.size) {
    index = { size: org.people.size, byMail: new Map([...org.people.values()].map((p) => [p.mail.toLowerCase(), p])) };
    indexes.set(org, index);
  }
  return index.byMail;
}

function getSchedule(state: MicrosoftState, origin: string, userId: string, raw: unknown): Answer {
  const org = orgOf(state);
  if (!org.people.has(userId) && !mailIndex(org).has(userId.toLowerCase())) return error(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
  const body = raw as { schedules?: unknown; startTime?: unknown; endTime?: unknown; availabilityViewInterval?: unknown } | null;
  const start = readTime(body?.startTime);
  const end = readTime(body?.endTime);
  const interval = body?.availabilityViewInterval ?? 30;
  if (!Array.isArray(body?.schedules) || body.schedules.length === 0 || body.schedules.length > 20) return error(400, 'ErrorInvalidParameter', 'schedules must list 1 to 20 addresses.');
  if (start === null || end === null || end <= start) return error(400, 'ErrorInvalidParameter', 'startTime and endTime must be dateTimeTimeZone values (this fake reads UTC) with end after start.');
  if (typeof interval !== 'number' || interval < 5 || interval > 1440) return error(400, 'ErrorInvalidParameter', 'availabilityViewInterval must be 5 to 1440 minutes.');
  const byMail = mailIndex(org);
  const value = (body.schedules as unknown[]).map((a) => {
    org.counters.scheduleAsks.push(String(a).toLowerCase());
    return scheduleOf(byMail.get(String(a).toLowerCase()), String(a), start, end, interval);
  });
  return { status: 200, body: { '@odata.context': `${GRAPH_CONTEXT(origin)}#Collection(microsoft.graph.scheduleInformation)`, value } };
}

function presences(state: MicrosoftState, origin: string, raw: unknown): Answer {
  const org = orgOf(state);
  const ids = (raw as { ids?: unknown } | null)?.ids;
  if (!Array.isArray(ids) || ids.length === 0) return error(400, 'BadRequest', 'ids must be a non-empty array of user object ids.');
  if (ids.length > 650) return error(400, 'BadRequest', 'The maximum number of ids per request is 650.');
  org.counters.presenceCalls++;
  const value = ids.flatMap((id) => {
    const p = org.people.get(String(id));
    return p ? [{ id: p.id, availability: p.presence.availability, activity: p.presence.activity }] : [];
  });
  return { status: 200, body: { '@odata.context': `${GRAPH_CONTEXT(origin)}#Collection(microsoft.graph.presence)`, value } };
}

function users(state: MicrosoftState, url: URL): Answer {
  const org = orgOf(state);
  const top = Number(url.searchParams.get('$top') ?? org.switches.usersPageSize);
  if (!Number.isInteger(top) || top < 1 || top > 999) return error(400, 'Request_UnsupportedQuery', 'Invalid page size specified: $top must be 1 to 999.');
  const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
  const select = (url.searchParams.get('$select') ?? 'id,displayName,mail').split(',');
  const all = [...org.people.values()];
  const page = all.slice(skip, skip + top).map((p) => Object.fromEntries(select.map((k) => [k, (p as unknown as Record<string, unknown>)[k] ?? null])));
  const next = new URL(url);
  next.searchParams.set('$skiptoken', String(skip + top));
  return { status: 200, body: { '@odata.context': `${GRAPH_CONTEXT(url.origin)}#users`, value: page, ...(skip + top < all.length ? { '@odata.nextLink': next.toString() } : {}) } };
}

/** One request, as itself or as a batch item (`path` relative to the version root when batched). */
function dispatch(state: MicrosoftState, origin: string, method: string, url: URL, body: unknown, authorization: string | undefined): Answer {
  const path = url.pathname.replace(/^\/v1\.0/, '');
  const schedule = /^\/users\/([^/]+)\/calendar\/getSchedule$/.exec(path);
  if (method === 'POST' && schedule) return authorised(state, authorization, ['Calendars.Read']) ?? getSchedule(state, origin, decodeURIComponent(schedule[1]!), body);
  if (method === 'POST' && path === '/communications/getPresencesByUserId') return authorised(state, authorization, ['Presence.Read.All']) ?? presences(state, origin, body);
  if (method === 'GET' && path === '/users') return authorised(state, authorization, ['User.Read.All']) ?? users(state, url);
  return error(404, 'Request_ResourceNotFound', `No fake route for ${method} ${path}.`);
}

function batch(state: MicrosoftState, origin: string, raw: unknown, authorization: string | undefined): Answer {
  const org = orgOf(state);
  const requests = (raw as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests) || requests.length === 0 || requests.length > 20) return error(400, 'BadRequest', 'A batch request must contain 1 to 20 requests.');
  const items = requests as { id?: unknown; method?: unknown; url?: unknown; body?: unknown }[];
  if (new Set(items.map((i) => i.id)).size !== items.length) return error(400, 'BadRequest', 'Batch request ids must be unique.');
  // The batch's own token is checked first: an expired one fails the whole request.
  const refused = authorised(state, authorization, org.switches.roles);
  if (refused?.status === 401) return refused;
  org.counters.batches++;
  const responses = items.map((item) => {
    org.counters.batchItems++;
    const key = `${String(item.url)} ${JSON.stringify(item.body)}`;
    if (org.switches.throttleShare > 0 && !org.throttledOnce.has(key) && Math.random() < org.switches.throttleShare) {
      org.throttledOnce.add(key);
      org.counters.itemsThrottled++;
      const a = error(429, 'TooManyRequests', 'Application is over its MailboxConcurrency limit.', { 'Retry-After': String(org.switches.retryAfterS) });
      return { id: item.id, status: a.status, headers: a.headers, body: a.body };
    }
    const a = dispatch(state, origin, String(item.method), new URL(`${origin}/v1.0${String(item.url)}`), item.body, authorization);
    return { id: item.id, status: a.status, headers: { 'Content-Type': 'application/json', ...a.headers }, body: a.body };
  });
  // Graph answers batch items in any order.
  return { status: 200, body: { responses: responses.reverse() } };
}

async function limited(r: FakeRequest, produce: () => Answer): Promise<void> {
  const org = orgOf(r.state);
  const c = org.counters;
  c.httpRequests++;
  if (c.inFlight >= org.switches.concurrencyLimit) {
    c.overLimit++;
    const a = error(429, 'TooManyRequests', 'Application is over its MailboxConcurrency limit.', { 'Retry-After': '1' });
    return reply(r.res, a);
  }
  c.inFlight++;
  c.maxInFlight = Math.max(c.maxInFlight, c.inFlight);
  try {
    if (org.switches.latencyMs > 0) await new Promise((done) => setTimeout(done, org.switches.latencyMs));
    reply(r.res, produce());
  } finally {
    c.inFlight--;
  }
}

function reply(res: ServerResponse, a: Answer): void {
  sendJson(res, a.status, a.body, a.headers);
}

function parsed(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return null;
  }
}

export const orgGraphRoutes: Route[] = [
  // The fake's own window for tools in another process (org-cli.ts, bench:calendar): counters and switches.
  { method: 'GET', area: 'identity', path: /^\/_fake\/org$/, handle: (r) => sendJson(r.res, 200, { counters: orgOf(r.state).counters, switches: orgOf(r.state).switches, people: orgOf(r.state).people.size }) },
  { method: 'POST', area: 'graph', path: /^\/v1\.0\/\$batch$/, handle: (r) => limited(r, () => batch(r.state, r.origin, parsed(r.body), r.req.headers.authorization)) },
  { method: 'POST', area: 'graph', path: /^\/v1\.0\/users\/[^/]+\/calendar\/getSchedule$/, handle: (r) => limited(r, () => dispatch(r.state, r.origin, 'POST', r.url, parsed(r.body), r.req.headers.authorization)) },
  { method: 'POST', area: 'graph', path: /^\/v1\.0\/communications\/getPresencesByUserId$/, handle: (r) => limited(r, () => dispatch(r.state, r.origin, 'POST', r.url, parsed(r.body), r.req.headers.authorization)) },
  { method: 'GET', area: 'graph', path: /^\/v1\.0\/users$/, handle: (r) => limited(r, () => dispatch(r.state, r.origin, 'GET', r.url, null, r.req.headers.authorization)) },
];
