import { automationRequestSchema, NO_AUTOMATION } from '../../../core';
import { authenticateLimited } from '../authorise';
import { readJsonObject } from '../body';
import type { Deps } from '../deps';
import { HttpError } from '../http-error';
import { sendJson } from '../reply';
import type { Router } from '../router';
import { validate } from '../validate';
import { ownerStatus } from '../views';

/** Nobody takes the wheel for longer than this; a pause of years is a typo. */
const MAX_PAUSE_MS = 31 * 86_400_000;

/**
 * `PUT /api/v1/me/automation` (relay-api.md, "Person controls"): `calendarPausedUntil` stops the
 * calendar driving the person's status until then ("take the wheel"); null hands it back.
 * 200 → `{"automation": {"calendarPausedUntil"}, "status"}`.
 */
export function automationRoutes(router: Router, deps: Deps): void {
  router.on('PUT', '/api/v1/me/automation', async ({ req, res }) => {
    const user = await authenticateLimited(req, deps);
    const body = validate(automationRequestSchema, await readJsonObject(req));
    const now = deps.now();
    if (body.calendarPausedUntil && Date.parse(body.calendarPausedUntil) > now + MAX_PAUSE_MS) {
      throw new HttpError('time_out_of_range', 'calendarPausedUntil must be within 31 days from now', 'calendarPausedUntil');
    }
    const result = await deps.store.changeAutomation(user.userId, body, now);
    const automation = result.record.automation ?? NO_AUTOMATION;
    sendJson(res, 200, { automation: { calendarPausedUntil: automation.calendarPausedUntil }, status: ownerStatus(user, result.record, now) });
  });
}
