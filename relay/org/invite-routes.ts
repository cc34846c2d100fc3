import { z } from 'zod';
import { INVITE_PATH, ORG_LIMITS } from '../../core';
import { PAGE_SECURITY_HEADERS } from '../pages/status-page';
import { authoriseAdmin } from '../http/authorise';
import { readJsonObject } from '../http/body';
import type { Deps } from '../http/deps';
import { HttpError } from '../http/http-error';
import { enforceLimit } from '../http/rate-limit';
import { sendJson } from '../http/reply';
import type { Router } from '../http/router';
import { validate } from '../http/validate';
import type { Invites } from './invites';
import type { Roster } from './roster';

const JOIN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><title>Join your organisation</title></head>
<body><main><h1>Join your organisation</h1>
<p>This is your one-time invite link. Copy it from the address bar, open the Teams Status extension's options page and paste it under "Join your organisation".</p>
<p>The link works once and expires after ${ORG_LIMITS.inviteDays} days.</p></main></body></html>`;

const redeemSchema = z.strictObject({});

const gone = () => new HttpError('not_found', 'this invite link is unknown, already used or expired; ask your admin for a new one');

/** Inviting a roster entry (admin) and joining with the code (anyone holding it). */
export function inviteRoutes(router: Router, deps: Deps, roster: Roster, invites: Invites): void {
  router.on('POST', '/api/v1/org/people/:email/invite', async ({ req, res, params, ip }) => {
    await authoriseAdmin(req, deps, { ip });
    validate(redeemSchema, await readJsonObject(req, true));
    const user = await roster.get(params.email ?? '');
    if (!user) throw new HttpError('not_found', 'nobody with that email is on the roster');
    const invite = await invites.create(user);
    if (!invite) throw new HttpError('store_unavailable', 'the entry changed while inviting; try again', undefined, { 'Retry-After': '1' });
    sendJson(res, 201, invite);
  });

  // Someone opened the link itself: say where it goes. The code stays in this page only (no-referrer).
  router.on('GET', `${INVITE_PATH}:code`, ({ res }) => {
    res.writeHead(200, PAGE_SECURITY_HEADERS);
    res.end(JOIN_PAGE);
  });

  router.on('POST', '/api/v1/invites/:code', async ({ req, res, params, ip }) => {
    // Limited like registration: an invite is how people register on a closed relay.
    await enforceLimit(deps.store, `register:${ip}`, deps.config.rateLimit.registrations, deps.config.rateLimit.windowMs);
    validate(redeemSchema, await readJsonObject(req, true));
    const joined = await invites.redeem(params.code ?? '');
    if (!joined) throw gone();
    sendJson(res, 201, joined);
  });
}
