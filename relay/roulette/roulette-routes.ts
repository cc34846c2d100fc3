import { groupOutcomeSchema, rescheduleRequestSchema, rouletteChoicesSchema, rouletteSettingsSchema, roundRequestSchema } from '../../core';
import { authenticateLimited, authoriseAdmin } from '../http/authorise';
import { readJsonObject } from '../http/body';
import type { Deps } from '../http/deps';
import { HttpError } from '../http/http-error';
import { sendEmpty, sendJson } from '../http/reply';
import type { Router } from '../http/router';
import { validate } from '../http/validate';
import { groupView, roundView } from './round-view';
import type { Roulette } from './rounds';

function groupIndex(raw: string | undefined): number {
  if (!/^\d{1,5}$/.test(raw ?? '')) throw new HttpError('not_found', 'a group is named by its index in the round\'s pairs (0, 1, 2, …)');
  return Number(raw);
}

/** relay-api.md, "Meeting roulette": the admin's settings and rounds, a person's own choices. */
export function rouletteRoutes(router: Router, deps: Deps, roulette: Roulette): void {
  router.on('GET', '/api/v1/org/roulette', async ({ req, res, ip }) => {
    await authoriseAdmin(req, deps, { ip });
    sendJson(res, 200, await roulette.data.settings());
  });

  router.on('PUT', '/api/v1/org/roulette', async ({ req, res, ip }) => {
    await authoriseAdmin(req, deps, { ip });
    const change = validate(rouletteSettingsSchema, await readJsonObject(req));
    sendJson(res, 200, await roulette.updateSettings(change));
  });

  router.on('POST', '/api/v1/org/roulette/rounds', async ({ req, res, ip }) => {
    await authoriseAdmin(req, deps, { ip });
    const request = validate(roundRequestSchema, await readJsonObject(req, true));
    sendJson(res, 201, roundView(await roulette.plan(request)));
  });

  router.on('GET', '/api/v1/org/roulette/rounds/:id', async ({ req, res, params, ip }) => {
    await authoriseAdmin(req, deps, { ip });
    // `current`: the latest real round (the board's), an addition; none yet is 204, not an error.
    if (params.id === 'current') {
      const latest = (await roulette.data.history()).at(-1);
      return latest ? sendJson(res, 200, roundView(latest)) : sendEmpty(res, 204);
    }
    const round = await roulette.data.round(params.id ?? '');
    if (!round) throw new HttpError('not_found', 'no round with that id');
    sendJson(res, 200, roundView(round));
  });

  router.on('POST', '/api/v1/org/roulette/rounds/:id/groups/:n/reschedule', async ({ req, res, params, ip }) => {
    await authoriseAdmin(req, deps, { ip });
    const { by } = validate(rescheduleRequestSchema, await readJsonObject(req));
    sendJson(res, 200, await roulette.reschedule(params.id ?? '', groupIndex(params.n), by));
  });

  router.on('POST', '/api/v1/org/roulette/rounds/:id/groups/:n/outcome', async ({ req, res, params, ip }) => {
    await authoriseAdmin(req, deps, { ip });
    const { state } = validate(groupOutcomeSchema, await readJsonObject(req));
    sendJson(res, 200, groupView(await roulette.outcome(params.id ?? '', groupIndex(params.n), state)));
  });

  router.on('GET', '/api/v1/me/roulette', async ({ req, res, ip }) => {
    const user = await authenticateLimited(req, deps, ip);
    if (!user.roster || !user.email) throw new HttpError('forbidden', 'meeting roulette is for people on the organisation\'s roster');
    sendJson(res, 200, await roulette.data.choices(user.email));
  });

  router.on('PUT', '/api/v1/me/roulette', async ({ req, res, ip }) => {
    const user = await authenticateLimited(req, deps, ip);
    if (!user.roster || !user.email) throw new HttpError('forbidden', 'meeting roulette is for people on the organisation\'s roster');
    const change = validate(rouletteChoicesSchema, await readJsonObject(req));
    sendJson(res, 200, await roulette.updateChoices(user.email, change));
  });
}
