import { orgRulesRequestSchema, rulesRequestSchema, type Rule } from '../../../core';
import { readJsonObject } from '../../http/body';
import type { Deps } from '../../http/deps';
import { HttpError } from '../../http/http-error';
import { sendJson } from '../../http/reply';
import type { Router } from '../../http/router';
import { validate } from '../../http/validate';
import type { OwnerOf } from './channel-routes';

/** PUT/GET the rules of an owner; every rule must name one of that owner's channels. */
export function ruleRoutes(router: Router, deps: Deps, path: string, ownerOf: OwnerOf, organisation: boolean): void {
  const { notify } = deps.store;

  router.on('PUT', path, async (ctx) => {
    const { owner } = await ownerOf(ctx);
    const body = await readJsonObject(ctx.req);
    const { rules } = organisation ? validate(orgRulesRequestSchema, body) : validate(rulesRequestSchema, body);
    const mine = new Set((await notify.listChannels(owner)).map((c) => c.id));
    rules.forEach((rule, i) => {
      if (!mine.has(rule.channelId)) throw new HttpError('invalid_field', `no channel ${rule.channelId} here; create it first (POST …/channels)`, `rules.${i}.channelId`);
    });
    await notify.setRules(owner, rules as Rule[]);
    sendJson(ctx.res, 200, { rules });
  });

  router.on('GET', path, async (ctx) => {
    const { owner } = await ownerOf(ctx);
    sendJson(ctx.res, 200, { rules: await notify.getRules(owner) });
  });
}
