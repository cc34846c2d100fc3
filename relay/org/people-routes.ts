import { ORG_LIMITS, pageQuerySchema, statusQuerySchema } from '../../core';
import { authoriseAdmin } from '../http/authorise';
import { mediaType, readJsonObject, readText } from '../http/body';
import type { Deps } from '../http/deps';
import { HttpError } from '../http/http-error';
import { sendEmpty, sendJson } from '../http/reply';
import type { Router } from '../http/router';
import { validate } from '../http/validate';
import type { Roster } from './roster';
import { rosterFromCsv, rosterFromJson, type RosterInput } from './roster-input';

async function readRoster(req: Parameters<typeof mediaType>[0]): Promise<RosterInput> {
  const type = mediaType(req);
  if (type === 'text/csv') return rosterFromCsv(await readText(req, ORG_LIMITS.rosterBytes));
  if (type === 'application/json') return rosterFromJson(await readJsonObject(req, false, ORG_LIMITS.rosterBytes));
  throw new HttpError('unsupported_media_type', 'send the roster as Content-Type: text/csv or application/json');
}

function flag(url: URL, name: string): boolean {
  const value = url.searchParams.get(name);
  if (value === null || value === 'false') return false;
  if (value === 'true' || value === '') return true;
  throw new HttpError('invalid_field', `${name} must be true or false`, name);
}

/** The roster and everyone's statuses; every route is the admin's alone. */
export function peopleRoutes(router: Router, deps: Deps, roster: Roster): void {
  router.on('PUT', '/api/v1/org/people', async ({ req, res, url, ip }) => {
    await authoriseAdmin(req, deps, { ip });
    const prune = flag(url, 'prune');
    sendJson(res, 200, await roster.import(await readRoster(req), prune));
  });

  router.on('GET', '/api/v1/org/people', async ({ req, res, url, ip }) => {
    await authoriseAdmin(req, deps, { ip });
    const { page, pageSize } = validate(pageQuerySchema, Object.fromEntries(url.searchParams));
    sendJson(res, 200, await roster.list(page, pageSize));
  });

  router.on('DELETE', '/api/v1/org/people/:email', async ({ req, res, params, ip }) => {
    await authoriseAdmin(req, deps, { ip });
    if (!(await roster.remove(params.email ?? ''))) throw new HttpError('not_found', 'nobody with that email is on the roster');
    sendEmpty(res, 204);
  });

  router.on('GET', '/api/v1/org/statuses', async ({ req, res, url, ip }) => {
    await authoriseAdmin(req, deps, { ip });
    const q = validate(statusQuerySchema, Object.fromEntries(url.searchParams));
    const filter = { department: q.department || undefined, availability: q.availability };
    const { items, total } = await deps.services.statuses.page(q.page * q.pageSize, q.pageSize, filter);
    sendJson(res, 200, { items, page: q.page, pageSize: q.pageSize, total });
  });
}
