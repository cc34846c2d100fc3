import { bearer, GRAPH_CONTEXT } from './graph-auth';
import { graphError, sendJson, type FakeRequest, type Route } from './model';

/**
 * The signed-in person: `GET /v1.0/me` (User.Read), `GET /v1.0/me/presence` (Presence.Read) and
 * `POST /v1.0/me/presence/setStatusMessage` (Presence.ReadWrite). Bodies follow the CSDL's
 * `user` and `presence` types (tests/extension/microsoft-fake-schema.test.ts checks them).
 */

function me(r: FakeRequest): void {
  if (!bearer(r, ['User.Read'])) return;
  const p = r.state.person;
  sendJson(r.res, 200, { '@odata.context': `${GRAPH_CONTEXT(r.origin)}#users/$entity`, id: p.id, displayName: p.displayName, mail: p.mail, userPrincipalName: p.mail, givenName: p.displayName.split(' ')[0] ?? null, surname: null, jobTitle: null, businessPhones: [], mobilePhone: null, officeLocation: null, preferredLanguage: 'en-US' });
}

export function presenceBody(r: FakeRequest): Record<string, unknown> {
  const { presence, person } = r.state;
  const message = presence.statusMessage;
  return {
    '@odata.context': `${GRAPH_CONTEXT(r.origin)}#users('${person.id}')/presence/$entity`,
    id: person.id,
    availability: presence.availability,
    activity: presence.activity,
    statusMessage: message
      ? { message: { content: message.content, contentType: 'text' }, expiryDateTime: message.expiryDateTime ?? { dateTime: '9999-12-30T23:59:59.9999999', timeZone: 'UTC' }, publishedDateTime: new Date(r.state.now()).toISOString() }
      : null,
    outOfOfficeSettings: { message: null, isOutOfOffice: presence.activity === 'OutOfOffice' },
    sequenceNumber: String(r.state.requests.length),
    workLocation: { workLocationType: 'unspecified', source: 'none', placeId: null },
  };
}

function presence(r: FakeRequest): void {
  if (!bearer(r, ['Presence.Read'])) return;
  sendJson(r.res, 200, presenceBody(r));
}

function setStatusMessage(r: FakeRequest): void {
  if (!bearer(r, ['Presence.ReadWrite'])) return;
  let body: { statusMessage?: { message?: { content?: unknown; contentType?: unknown }; expiryDateTime?: { dateTime?: unknown; timeZone?: unknown } } };
  try {
    body = JSON.parse(r.body) as typeof body;
  } catch {
    return graphError(r.res, 400, 'BadRequest', 'Unable to read JSON request payload.');
  }
  const content = body.statusMessage?.message?.content;
  if (typeof content !== 'string') return graphError(r.res, 400, 'BadRequest', 'statusMessage.message.content is required.');
  const expiry = body.statusMessage?.expiryDateTime;
  r.state.presence.statusMessage = content === '' ? null : { content, ...(typeof expiry?.dateTime === 'string' ? { expiryDateTime: { dateTime: expiry.dateTime, timeZone: String(expiry.timeZone ?? 'UTC') } } : {}) };
  r.res.writeHead(200);
  r.res.end();
}

export const meRoutes: Route[] = [
  { method: 'GET', area: 'graph', path: /^\/v1\.0\/me$/, handle: me },
  { method: 'GET', area: 'graph', path: /^\/v1\.0\/me\/presence$/, handle: presence },
  { method: 'POST', area: 'graph', path: /^\/v1\.0\/me\/presence\/setStatusMessage$/, handle: setStatusMessage },
];
