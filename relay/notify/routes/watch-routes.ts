import { NOTIFY_LIMITS, watchRequestSchema } from '../../../core';
import { authenticateLimited } from '../../http/authorise';
import { readJsonObject } from '../../http/body';
import type { Deps } from '../../http/deps';
import { HttpError } from '../../http/http-error';
import { sendEmpty, sendJson } from '../../http/reply';
import type { Router } from '../../http/router';
import { shareOwner } from '../../http/share-owner';
import { validate } from '../../http/validate';
import { browserScript } from '../../pages/browser-bundle';
import type { StoredWatch } from '../../store/notify-store';
import { checkChannelDestination, newId, watchChannelConfig, watchView } from '../channel-input';
import type { NotifyRuntime } from '../notify-runtime';

/** Watches: made by anyone holding the share link, seen and removed by the share's owner. */
export function watchRoutes(router: Router, deps: Deps, runtime: NotifyRuntime): void {
  const { notify } = deps.store;

  router.on('POST', '/api/v1/s/:shareId/watches', async ({ req, res, params }) => {
    const user = await shareOwner(deps, params.shareId);
    const input = validate(watchRequestSchema, await readJsonObject(req));
    const channel = watchChannelConfig(input.channel);
    await checkChannelDestination(channel, runtime.policy, 'channel.');
    const nowMs = deps.now();
    const live = (await notify.listWatches(user.userId)).filter((w) => Date.parse(w.expiresAt) > nowMs);
    if (live.length >= NOTIFY_LIMITS.watchesPerShare) throw new HttpError('rate_limited', 'this person already has as many watches as the relay keeps; try again later', undefined, { 'Retry-After': '600' });
    const minutes = input.expiresInMinutes ?? NOTIFY_LIMITS.defaultWatchMinutes;
    const watch: StoredWatch = {
      id: newId('w'),
      userId: user.userId,
      shareId: user.shareId,
      when: input.when,
      channel,
      createdAt: new Date(nowMs).toISOString(),
      expiresAt: new Date(nowMs + minutes * 60_000).toISOString(),
    };
    await notify.putWatch(watch);
    const secret = channel.type === 'webhook' ? { secret: channel.secret } : {};
    sendJson(res, 201, { id: watch.id, expiresAt: watch.expiresAt, ...secret });
  });

  router.on('GET', '/api/v1/me/watches', async ({ req, res, ip }) => {
    const user = await authenticateLimited(req, deps, ip);
    const nowMs = deps.now();
    const watches = await notify.listWatches(user.userId);
    // Expired ones and those of a rotated share are over: forget them as they are seen.
    const over = watches.filter((w) => Date.parse(w.expiresAt) <= nowMs || w.shareId !== user.shareId);
    for (const w of over) await notify.deleteWatch(user.userId, w.id);
    sendJson(res, 200, { items: watches.filter((w) => !over.includes(w)).map((w) => watchView(w, runtime.drivers)) });
  });

  router.on('DELETE', '/api/v1/me/watches/:id', async ({ req, res, params, ip }) => {
    const user = await authenticateLimited(req, deps, ip);
    if (!(await notify.deleteWatch(user.userId, params.id ?? ''))) throw new HttpError('not_found', 'no such watch');
    sendEmpty(res, 204);
  });

  router.on('GET', '/vapid-public-key', async ({ res }) => {
    sendJson(res, 200, { key: (await runtime.vapid()).publicKey });
  });

  // The status page's service worker, served at the root so it may control /s/ pages (Web Push watches).
  const worker = browserScript(deps.config.locations.assetsDir, 'push-worker.js');
  router.on('GET', '/push-worker.js', ({ res }) => {
    res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Service-Worker-Allowed': '/s/', 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' });
    res.end(worker());
  });
}
