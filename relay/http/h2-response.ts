import type { OutgoingHttpHeaders } from 'node:http';
import { constants, Http2ServerResponse, type ServerHttp2Stream } from 'node:http2';

/**
 * Headers that describe one HTTP/1.1 connection. HTTP/2 forbids them in a response (Node throws
 * on most of them and warns on `Connection`); the routes set them for HTTP/1.1 clients
 * (`Connection: close` after a 413 or while shutting down, `keep-alive` on event streams), and
 * over HTTP/2 they mean nothing: a stream ends by itself and the session is closed with GOAWAY.
 */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);

function withoutHopByHop(headers: OutgoingHttpHeaders | undefined): OutgoingHttpHeaders | undefined {
  if (!headers) return headers;
  const kept: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (!HOP_BY_HOP.has(name.toLowerCase())) kept[name] = value;
  return kept;
}

/**
 * The response of an HTTP/2 request as the routes write it: Node's compatibility response (it
 * mirrors ServerResponse's writeHead/setHeader/write/end), made to accept what the routes send
 * an HTTP/1.1 client too, and to answer `destroyed` as ServerResponse does (the stream's).
 */
export class RelayHttp2Response extends Http2ServerResponse {
  override setHeader(name: string, value: number | string | readonly string[]): this {
    if (!HOP_BY_HOP.has(name.toLowerCase())) super.setHeader(name, value);
    return this;
  }

  override writeHead(statusCode: number, messageOrHeaders?: string | OutgoingHttpHeaders, headers?: OutgoingHttpHeaders): this {
    // HTTP/2 has no reason phrase: Node ignores it (with a warning), so it is not passed on.
    return super.writeHead(statusCode, withoutHopByHop(typeof messageOrHeaders === 'string' ? headers : messageOrHeaders));
  }

  /**
   * A response cut short (a viewer too slow to read, a client gone mid-request) is reset as
   * CANCEL: Node's default, NO_ERROR, reads to a client as a stream that ended cleanly.
   */
  override destroy(error?: Error): this {
    if (error) super.destroy(error);
    else cancelStream(this.stream);
    return this;
  }
}

/**
 * Reset a stream as cancelled. One already closed (the client reset it with NO_ERROR after its
 * answer) still waits for a body nobody reads before it lets go, and close() does nothing to it:
 * that one is destroyed.
 */
export function cancelStream(stream: ServerHttp2Stream): void {
  if (stream.destroyed) return;
  if (stream.closed) stream.destroy();
  else stream.close(constants.NGHTTP2_CANCEL);
}

// Node 20's compatibility response is no Writable at run time and has no `destroyed`, though its
// types say it has (a property, so a getter cannot be declared over it in the class body).
Object.defineProperty(RelayHttp2Response.prototype, 'destroyed', {
  get(this: RelayHttp2Response) {
    return this.stream.destroyed;
  },
});
