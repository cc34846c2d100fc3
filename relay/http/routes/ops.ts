import type { Deps } from '../deps';
import { HttpError } from '../http-error';
import { sendJson } from '../reply';
import type { Router } from '../router';

export function opsRoutes(router: Router, deps: Deps): void {
  router.on('GET', '/healthz', ({ res }) => sendJson(res, 200, { status: 'ok' }));

  router.on('GET', '/readyz', async ({ res }) => {
    try {
      await deps.store.ping();
    } catch {
      throw new HttpError('store_unavailable', 'the store does not answer');
    }
    sendJson(res, 200, { status: 'ready' });
  });

  router.on('GET', '/metrics', async ({ res }) => {
    const text = await deps.metrics.scrape();
    res.writeHead(200, { 'Content-Type': deps.metrics.registry.contentType, 'Cache-Control': 'no-store' });
    res.end(text);
  });
}
