import type { IncomingMessage } from 'node:http';

/**
 * A response that stays open (an event stream): frames go out at once and the socket has no
 * idle timeout. Over HTTP/2 the socket is the session's, shared with other streams: its idle
 * timer is the session's (h2c.ts), which every frame refreshes, so it is left alone.
 */
export function holdOpen(req: IncomingMessage): void {
  if (req.httpVersionMajor !== 2) req.socket.setTimeout(0);
  req.socket.setNoDelay(true);
}
