import { commandResultSchema } from '../../../core';
import { authenticateLimited } from '../authorise';
import { readJsonObject } from '../body';
import type { Deps } from '../deps';
import { HttpError } from '../http-error';
import { sendJson } from '../reply';
import type { Router } from '../router';
import { validate } from '../validate';
import { holdOpen } from '../hold-open';

export function commandRoutes(router: Router, deps: Deps): void {
  /** The person's own extension listens here for commands from their dashboards. */
  router.on('GET', '/api/v1/me/commands', async ({ req, res, ip }) => {
    const user = await authenticateLimited(req, deps, ip);
    // Gone while it was authenticated: a closed response would never leave the command streams.
    if (res.destroyed) return;
    holdOpen(req);
    deps.commands.open(user.userId, res);
  });

  /**
   * The extension's answer. Any replica may take it: it is told to all, and the one that issued
   * the command matches it by id and person (an id the person was never sent changes nothing).
   */
  router.on('POST', '/api/v1/me/commands/:id', async ({ req, res, params, ip }) => {
    const user = await authenticateLimited(req, deps, ip);
    const id = params.id ?? '';
    if (!/^[A-Za-z0-9-]{1,64}$/.test(id)) throw new HttpError('not_found', 'no such command');
    const body = validate(commandResultSchema, await readJsonObject(req));
    await deps.store.broadcast({ type: 'command-result', userId: user.userId, id, ok: body.ok, ...(body.error ? { error: body.error } : {}) });
    sendJson(res, 202, { accepted: true });
  });
}
