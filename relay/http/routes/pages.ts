import type { ServerResponse } from 'node:http';
import { pageAssets } from '../../pages/assets';
import { renderHomePage } from '../../pages/home-page';
import { loadWidgetScript } from '../../pages/widget-script';
import { PAGE_SECURITY_HEADERS, renderNotFoundPage, renderStatusPage } from '../../pages/status-page';
import type { Deps } from '../deps';
import { HttpError } from '../http-error';
import type { Router } from '../router';
import { shareUrl } from '../share-object';
import { publicViewOf, shareStateOf } from '../views';
import { widgetRoutes } from './widget';

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { ...PAGE_SECURITY_HEADERS, 'Content-Length': String(Buffer.byteLength(html)) });
  res.end(html);
}

/** The relay's own page, the live status page, its static files and the widget downloads. */
export function pageRoutes(router: Router, deps: Deps): void {
  // Read at start: a relay whose page files are missing fails now, not on a visitor's request.
  const assets = pageAssets(deps.config.locations.assetsDir);
  router.on('GET', '/', async ({ res }) => {
    const ready = await deps.store.ping().then(
      () => true,
      () => false,
    );
    const widgetBuilt = (await loadWidgetScript(null, deps.config.locations.widgetFile).catch(() => null)) !== null;
    sendHtml(res, 200, renderHomePage({ publicUrl: deps.config.publicUrl, ready, registration: deps.config.registration, widgetBuilt }));
  });

  router.on('GET', '/s/:shareId', async ({ res, params }) => {
    const user = params.shareId ? await deps.store.getUserByShareId(params.shareId) : null;
    if (!user) return sendHtml(res, 404, renderNotFoundPage());
    const now = deps.now();
    const view = publicViewOf(shareStateOf(user, await deps.store.getStatusRecord(user.userId)), now);
    const html = renderStatusPage({ view, shareId: user.shareId, shareUrl: shareUrl(deps.config.publicUrl, user.shareId), timeZone: user.timeZone ?? undefined, nowMs: now });
    sendHtml(res, 200, html);
  });

  router.on('GET', '/assets/:file', ({ res, params }) => {
    const asset = assets.get(`/assets/${params.file ?? ''}`);
    if (!asset) throw new HttpError('not_found', 'no such asset');
    const made = typeof asset.body === 'function' ? asset.body() : asset.body;
    const body = typeof made === 'string' ? Buffer.from(made) : made;
    res.writeHead(200, {
      'Content-Type': asset.contentType,
      'Content-Length': String(body.byteLength),
      // Not content-hashed, so a day rather than forever: an upgrade reaches browsers by tomorrow.
      'Cache-Control': 'public, max-age=86400',
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
    res.end(body);
  });

  widgetRoutes(router, deps);
}
