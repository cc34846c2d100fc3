import type { SourceName } from '../../../core';
import { freshnessOf, shareRequestSchema } from '../../../core';
import { newShareId } from '../../auth/secrets';
import { forgetPerson } from '../../services/forget-person';
import type { ShareChange } from '../../store/store';
import { authenticateLimited } from '../authorise';
import { readJsonObject } from '../body';
import type { Deps } from '../deps';
import { sendEmpty, sendJson } from '../reply';
import type { Router } from '../router';
import { shareOf } from '../share-object';
import { validate } from '../validate';
import { ownerStatus } from '../views';

export function meRoutes(router: Router, deps: Deps): void {
  const { store, config } = deps;

  router.on('GET', '/api/v1/me/status', async ({ req, res }) => {
    const user = await authenticateLimited(req, deps);
    const record = await store.getStatusRecord(user.userId);
    const now = deps.now();
    const sources: Record<string, unknown> = {};
    for (const [name, report] of Object.entries(record?.reports ?? {})) {
      const state = freshnessOf(name as SourceName, Date.parse(report.observedAt), now);
      sources[name] = { report, observedAt: report.observedAt, state, fresh: state === 'fresh' };
    }
    const automation = { calendarPausedUntil: record?.automation?.calendarPausedUntil ?? null };
    sendJson(res, 200, { ...ownerStatus(user, record, now), sources, share: shareOf(user, config.publicUrl), automation });
  });

  router.on('POST', '/api/v1/me/share', async ({ req, res }) => {
    const user = await authenticateLimited(req, deps);
    const body = validate(shareRequestSchema, await readJsonObject(req, true));
    const change: ShareChange = {};
    if (body.level) change.level = body.level;
    if (body.rotate) change.newShareId = newShareId();
    const updated = change.level || change.newShareId ? await store.updateShare(user.userId, change) : user;
    sendJson(res, 200, shareOf(updated, config.publicUrl));
  });

  router.on('DELETE', '/api/v1/me', async ({ req, res }) => {
    const user = await authenticateLimited(req, deps);
    await forgetPerson(store, user, deps.now());
    sendEmpty(res, 204);
  });
}
