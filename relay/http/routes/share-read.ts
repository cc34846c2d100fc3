import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Deps } from '../deps';
import { shareOwner } from '../share-owner';
import { sendEmpty, sendJson } from '../reply';
import type { Router } from '../router';
import { etagOf, publicViewOf, shareStateOf } from '../views';
import { historyRoute } from './share-history';
import { eventsRoute } from './share-events';

/** Open CORS: anyone holding a share link may read it from any page. Reads only. */
export const SHARE_CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'ETag',
} as const;

const PREFLIGHT = {
  ...SHARE_CORS,
  'Access-Control-Allow-Methods': 'GET, OPTIONS',
  'Access-Control-Allow-Headers': 'If-None-Match, Last-Event-ID, Cache-Control',
  'Access-Control-Max-Age': '86400',
};

function matchesEtag(req: IncomingMessage, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

const options = ({ res }: { res: ServerResponse }) => sendEmpty(res, 204, PREFLIGHT);

export function shareReadRoutes(router: Router, deps: Deps): void {
  const { store } = deps;

  router.on('GET', '/api/v1/s/:shareId', async ({ req, res, params }) => {
    for (const [k, v] of Object.entries(SHARE_CORS)) res.setHeader(k, v);
    const user = await shareOwner(deps, params.shareId);
    const view = publicViewOf(shareStateOf(user, await store.getStatusRecord(user.userId)), deps.now());
    const etag = etagOf(view);
    // no-cache: caches may keep it but must revalidate, which the ETag makes cheap.
    const headers = { ETag: etag, 'Cache-Control': 'no-cache' };
    if (matchesEtag(req, etag)) return sendEmpty(res, 304, headers);
    sendJson(res, 200, view, headers);
  });
  router.on('OPTIONS', '/api/v1/s/:shareId', options);

  router.on('GET', '/api/v1/s/:shareId/events', (ctx) => {
    for (const [k, v] of Object.entries(SHARE_CORS)) ctx.res.setHeader(k, v);
    return eventsRoute(ctx, deps);
  });
  router.on('OPTIONS', '/api/v1/s/:shareId/events', options);

  router.on('GET', '/api/v1/s/:shareId/history', (ctx) => {
    for (const [k, v] of Object.entries(SHARE_CORS)) ctx.res.setHeader(k, v);
    return historyRoute(ctx, deps);
  });
  router.on('OPTIONS', '/api/v1/s/:shareId/history', options);
}
