import { parseLastEventId, SSE_HEADERS } from '../../sse/frame';
import type { Deps } from '../deps';
import { HttpError } from '../http-error';
import type { RouteContext } from '../router';
import { shareStateOf } from '../views';
import { shareOwner } from '../share-owner';
import { holdOpen } from '../hold-open';

/** GET /api/v1/s/:shareId/events — the live status as Server-Sent Events. */
export async function eventsRoute({ req, res, params, ip }: RouteContext, deps: Deps): Promise<void> {
  const user = await shareOwner(deps, params.shareId);
  // HEAD asks whether the stream exists; it must not hold a connection open.
  if (req.method === 'HEAD') {
    res.writeHead(200, { 'Content-Type': SSE_HEADERS['Content-Type'], 'Cache-Control': SSE_HEADERS['Cache-Control'] });
    res.end();
    return;
  }
  const shareId = user.shareId;
  // Attach before reading the record, so a change landing in between is not lost.
  const sub = deps.hub.attach(shareId, res, ip);
  if (!sub) {
    deps.metrics.refused.inc({ reason: 'streams_per_address' });
    throw new HttpError('rate_limited', 'too many open event streams from your address; close one first', undefined, { 'Retry-After': '30' });
  }
  let record;
  try {
    record = await deps.store.getStatusRecord(user.userId);
  } catch (err) {
    deps.hub.detach(shareId, sub);
    throw err;
  }
  // Gone while the store was read: a stream closed before attach() never says so again.
  if (res.destroyed) return deps.hub.detach(shareId, sub);
  holdOpen(req);
  res.writeHead(200, SSE_HEADERS);
  deps.hub.start(shareId, sub, shareStateOf(user, record), parseLastEventId(req.headers['last-event-id']));
}
