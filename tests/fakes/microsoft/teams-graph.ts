import { bearer, GRAPH_CONTEXT } from './graph-auth';
import { graphError, sendJson, type FakeRequest, type Route } from './model';
import { orgOf, type OrgPerson } from './org-model';
import { preinstall, teamsOf, type Installation } from './teams-model';

/**
 * The app-only Graph routes a Teams bot needs to reach a person without them writing first
 * (shapes per Graph v1.0's CSDL: user, userScopeTeamsAppInstallation, teamsApp, chat):
 * `GET /users/{id | userPrincipalName}`, `GET /users/{id}/teamwork/installedApps` (with
 * `$expand=teamsApp` and `$filter=teamsApp/id eq '…'`), `POST` there with `teamsApp@odata.bind`
 * (201, no body; 409 when installed; 404 for an app not in the catalog) and
 * `GET …/installedApps/{id}/chat`.
 */

const INSTALL = ['TeamsAppInstallation.ReadWriteSelfForUser.All', 'TeamsAppInstallation.ReadWriteForUser.All'];

function personOf(r: FakeRequest, idOrUpn: string): OrgPerson | null {
  const people = orgOf(r.state).people;
  const p = people.get(idOrUpn) ?? [...people.values()].find((x) => x.mail.toLowerCase() === idOrUpn.toLowerCase());
  if (!p) graphError(r.res, 404, 'Request_ResourceNotFound', `Resource '${idOrUpn}' does not exist or one of its queried reference-property objects are not present.`);
  return p ?? null;
}

function user(r: FakeRequest, m: RegExpMatchArray): void {
  if (!bearer(r, ['User.Read.All'])) return;
  teamsOf(r.state).counters.userLookups++;
  const p = personOf(r, decodeURIComponent(m[1]!));
  if (!p) return;
  const all: Record<string, unknown> = { id: p.id, displayName: p.displayName, userPrincipalName: p.mail, mail: p.mail, accountEnabled: p.accountEnabled, department: p.department };
  const select = r.url.searchParams.get('$select')?.split(',') ?? ['id', 'displayName', 'userPrincipalName', 'mail'];
  sendJson(r.res, 200, { '@odata.context': `${GRAPH_CONTEXT(r.origin)}#users(${select.join(',')})/$entity`, ...Object.fromEntries(select.map((k) => [k, all[k] ?? null])) });
}

function installationView(r: FakeRequest, i: Installation, expand: boolean): Record<string, unknown> {
  const app = teamsOf(r.state).catalog.get(i.appId)!;
  return { id: i.id, ...(expand ? { teamsApp: { id: app.id, externalId: app.externalId, displayName: app.displayName, distributionMethod: 'organization' } } : {}) };
}

function list(r: FakeRequest, m: RegExpMatchArray): void {
  if (!bearer(r, INSTALL)) return;
  const t = teamsOf(r.state);
  t.counters.installLists++;
  const p = personOf(r, decodeURIComponent(m[1]!));
  if (!p) return;
  const filter = r.url.searchParams.get('$filter');
  const only = filter === null ? null : /^teamsApp\/id eq '([^']+)'$/.exec(filter)?.[1];
  if (only === undefined) return graphError(r.res, 400, 'BadRequest', `Invalid filter clause: ${filter}`);
  const expand = r.url.searchParams.get('$expand') === 'teamsApp';
  const value = t.installations.filter((i) => i.userId === p.id && (only === null || i.appId === only)).map((i) => installationView(r, i, expand));
  sendJson(r.res, 200, { '@odata.context': `${GRAPH_CONTEXT(r.origin)}#users('${p.id}')/teamwork/installedApps`, value });
}

function install(r: FakeRequest, m: RegExpMatchArray): void {
  if (!bearer(r, INSTALL)) return;
  const t = teamsOf(r.state);
  const p = personOf(r, decodeURIComponent(m[1]!));
  if (!p) return;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(r.body) as Record<string, unknown>;
  } catch {
    return graphError(r.res, 400, 'BadRequest', 'The request body is not JSON.');
  }
  const bind = body['teamsApp@odata.bind'];
  const app = typeof bind === 'string' ? /^https:\/\/[^/]+\/v1\.0\/appCatalogs\/teamsApps\/([^/]+)$/.exec(bind)?.[1] : undefined;
  if (Object.keys(body).length !== 1 || !app) {
    t.problems.push(`install: body must be {"teamsApp@odata.bind": "<graph>/v1.0/appCatalogs/teamsApps/{id}"}, got ${r.body}`);
    return graphError(r.res, 400, 'BadRequest', 'teamsApp@odata.bind must reference appCatalogs/teamsApps/{id}.');
  }
  if (!t.catalog.has(app)) return graphError(r.res, 404, 'NotFound', `The app ${app} was not found in the tenant app catalog.`);
  if (t.installations.some((i) => i.userId === p.id && i.appId === app)) return graphError(r.res, 409, 'Conflict', 'The app is already installed for this user.');
  t.counters.installs++;
  preinstall(r.state, p.id, app);
  r.res.writeHead(201, { 'content-length': '0' });
  r.res.end();
}

function chat(r: FakeRequest, m: RegExpMatchArray): void {
  if (!bearer(r, INSTALL)) return;
  const t = teamsOf(r.state);
  t.counters.chatReads++;
  const p = personOf(r, decodeURIComponent(m[1]!));
  if (!p) return;
  const installation = t.installations.find((i) => i.userId === p.id && i.id === decodeURIComponent(m[2]!));
  if (!installation) return graphError(r.res, 404, 'NotFound', 'The app installation was not found for this user.');
  const c = t.chats.get(installation.chatId)!;
  const all: Record<string, unknown> = { id: c.id, topic: null, createdDateTime: c.createdDateTime, lastUpdatedDateTime: c.createdDateTime, chatType: 'oneOnOne', webUrl: `https://teams.microsoft.com/l/chat/${encodeURIComponent(c.id)}/0?tenantId=${t.tenantId}`, tenantId: t.tenantId, isHiddenForAllMembers: false };
  const select = r.url.searchParams.get('$select')?.split(',') ?? Object.keys(all);
  sendJson(r.res, 200, { '@odata.context': `${GRAPH_CONTEXT(r.origin)}#chats/$entity`, ...Object.fromEntries(select.map((k) => [k, all[k] ?? null])) });
}

export const teamsGraphRoutes: Route[] = [
  { method: 'GET', area: 'graph', path: /^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps\/([^/]+)\/chat$/, handle: chat },
  { method: 'GET', area: 'graph', path: /^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps$/, handle: list },
  { method: 'POST', area: 'graph', path: /^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps$/, handle: install },
  { method: 'GET', area: 'graph', path: /^\/v1\.0\/users\/([^/]+)$/, handle: user },
];
