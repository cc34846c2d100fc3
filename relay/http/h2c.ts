import { maxHeaderSize, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer, type Http2ServerRequest, type ServerHttp2Session, type ServerHttp2Stream } from 'node:http2';
import type { Socket } from 'node:net';
import type { RelayConfig } from '../config';
import type { H2SessionEndReason, RelayMetrics } from '../metrics';
import type { ConnectionGuard } from './connection-guard';
import { cancelStream, RelayHttp2Response } from './h2-response';
import { sniffPreface } from './preface-sniff';
import { sendError } from './reply';

export interface H2c {
  /** HTTP/2 sessions open now. */
  readonly sessions: number;
  /** GOAWAY on every session (and on any that still arrives): open streams finish, no new ones. */
  close(): void;
  /** Cut every session now: the shutdown's deadline. */
  destroy(): void;
}

/** Budget of unsent data and state per stream a session may hold before it refuses new streams (Node counts it). */
const SESSION_MEMORY_PER_STREAM_KB = 80;
const ignore = () => {};
/** Socket errors that say the client closed or reset its connection, not that the session failed. */
const CLIENT_GONE = new Set(['ECONNRESET', 'EPIPE']);
/** How long a stream answered before its body arrived keeps its place for the answer to go out. */
const EARLY_ANSWER_GRACE_MS = 1000;

// One function for every stream, not a closure each (100,000 streams are held at once).
function destroySoon(this: ServerHttp2Stream): void {
  setImmediate(() => this.destroy());
}
function destroySoonIfClosed(this: ServerHttp2Stream): void {
  setImmediate(() => this.closed && !this.destroyed && this.destroy());
}

/**
 * HTTP/2 with prior knowledge (h2c) on the HTTP/1.1 server's own port. A proxy in front (Envoy,
 * HAProxy, Traefik, Caddy) can then carry thousands of viewers over a few upstream connections
 * instead of one socket each. Every accepted socket is sniffed (preface-sniff.ts): the HTTP/2
 * preface goes to a node:http2 server whose compatibility request and response reach the same
 * router as HTTP/1.1, anything else to the HTTP/1.1 server as before (WebSocket upgrades
 * included). The connection guard's limits hold for both: MAX_CONNECTIONS counts every socket,
 * a session is an unfinished request until its first stream and has HEADERS_TIMEOUT_MS to open
 * one, a request body has REQUEST_TIMEOUT_MS, and a session without streams is closed after the
 * same idle time as an HTTP/1.1 keep-alive connection.
 */
export function acceptH2c(
  server: Server,
  config: RelayConfig,
  guard: ConnectionGuard,
  metrics: RelayMetrics,
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): H2c {
  const limits = config.connections;
  // node:http parses every socket its constructor's 'connection' listener is given: that one
  // now gets only the sockets the sniff hands on. Looked up by name so a change in Node fails here, loudly.
  const http1 = server.listeners('connection').find((l) => l.name === 'connectionListener') as ((socket: Socket) => void) | undefined;
  if (!http1) throw new Error("node:http's connection listener was not found: HTTP/2 cannot share the port");
  server.off('connection', http1);

  const h2 = createServer(
    {
      settings: { maxConcurrentStreams: limits.http2MaxStreams, maxHeaderListSize: maxHeaderSize },
      maxSessionMemory: Math.max(10, Math.ceil((limits.http2MaxStreams * SESSION_MEMORY_PER_STREAM_KB) / 1024)),
      Http2ServerResponse: RelayHttp2Response,
    },
    (req, res) => {
      // A client that resets its stream with NO_ERROR leaves Node's stream half alive (closed,
      // never destroyed, no 'close' for the response) until a body nobody reads ends: an event
      // stream would stay counted and written to for ever. Reset is gone (destroyed a turn later,
      // so a reset of the relay's own, which also says 'aborted', is sent first).
      req.stream.once('aborted', destroySoon);
      // The same when the reset came while the answer was being ended.
      req.stream.once('finish', destroySoonIfClosed);
      if (!req.stream.endAfterHeaders) boundBody(req, res);
      // The compatibility API mirrors every part of IncomingMessage/ServerResponse the routes use.
      handle(req as unknown as IncomingMessage, res as unknown as ServerResponse);
    },
  );
  /** Every session with its streams not yet destroyed. */
  const sessions = new Map<ServerHttp2Session, Set<ServerHttp2Stream>>();
  /** Why the relay ended a session, the first reason given (none: it failed, or the client ended it). */
  const endedBy = new WeakMap<ServerHttp2Session, H2SessionEndReason>();
  const end = (session: ServerHttp2Session, reason: H2SessionEndReason, how: 'close' | 'destroy') => {
    if (!endedBy.has(session)) endedBy.set(session, reason);
    session[how]();
  };
  /** Sockets whose first bytes have not told their protocol yet. */
  const sniffing = new Set<Socket>();
  let closing = false;

  /**
   * A request body has REQUEST_TIMEOUT_MS to arrive (408 past it). A stream answered before its
   * body was read (a 413, a 401) is reset a moment after the answer went out, so the client stops
   * sending and the stream does not wait for a body nobody reads: what `Connection: close` does
   * for HTTP/1.1. (Reset at once, the answer could be dropped: HTTP/2 sends a reset before data.)
   */
  function boundBody(req: Http2ServerRequest, res: RelayHttp2Response): void {
    const timer = setTimeout(() => {
      metrics.refused.inc({ reason: 'request_timeout' });
      if (!res.headersSent) sendError(res as unknown as ServerResponse, 'request_timeout', 'the request did not arrive in time');
      else cancelStream(req.stream);
    }, limits.requestTimeoutMs);
    timer.unref();
    // The stream's own 'finish': the compatibility response's comes only once the stream is closed.
    req.stream.once('finish', () => {
      clearTimeout(timer);
      if (req.stream.readableEnded) return;
      setTimeout(() => cancelStream(req.stream), EARLY_ANSWER_GRACE_MS).unref();
    });
    req.once('end', () => clearTimeout(timer));
    req.stream.once('close', () => clearTimeout(timer));
  }

  function watch(session: ServerHttp2Session, socket: Socket): void {
    const open = new Set<ServerHttp2Stream>();
    sessions.set(session, open);
    metrics.http2Sessions.inc();
    const firstStream = setTimeout(() => {
      metrics.refused.inc({ reason: 'request_timeout' });
      end(session, 'request_timeout', 'destroy');
    }, limits.headersTimeoutMs);
    firstStream.unref();
    let started = false;
    let lastActive = Date.now();
    session.on('stream', (stream) => {
      open.add(stream);
      metrics.http2Streams.inc();
      lastActive = Date.now();
      if (!started) {
        started = true;
        clearTimeout(firstStream);
        guard.started(socket);
      }
      // A stream's 'close' comes once it is destroyed, however that happened (answered, reset by
      // either side, its session gone): the gauges count what the relay still holds.
      stream.once('close', () => {
        open.delete(stream);
        metrics.http2Streams.dec();
        lastActive = Date.now();
      });
    });
    // Idle after its streams (before the first, the deadline above holds): one timer per session,
    // not per stream. Node's session timer fires once and later frames do not re-arm it, so each
    // firing re-arms it: a session whose streams are all done and quiet for the whole spell is
    // closed; one carrying an event stream between heartbeats, or just used, is looked at again.
    const idleMs = server.keepAliveTimeout || limits.headersTimeoutMs;
    session.setTimeout(idleMs);
    session.on('timeout', () => {
      letGo(open);
      const quietMs = Date.now() - lastActive;
      if (started && quietMs >= idleMs && [...open].every((stream) => stream.closed)) end(session, 'idle', 'close');
      else session.setTimeout(Math.max(idleMs - quietMs, 1, open.size > 0 ? idleMs : 0));
    });
    // Node's server listens for session errors already (it destroys the session): this one only
    // notes it. A reset connection is the client gone (it fails a write only when one is under way).
    let failed = false;
    session.once('error', (err: NodeJS.ErrnoException) => (failed = !CLIENT_GONE.has(err.code ?? '')));
    session.once('close', () => {
      clearTimeout(firstStream);
      sessions.delete(session);
      metrics.http2Sessions.dec();
      metrics.http2SessionsClosed.inc({ reason: endedBy.get(session) ?? (failed ? 'error' : 'client') });
    });
    if (closing) end(session, 'shutdown', 'close');
  }

  /**
   * Streams the client reset (with NO_ERROR) after their answer was ended: Node keeps them,
   * closed, until a request body nobody reads ends, and a session does not close around them.
   */
  function letGo(open: Set<ServerHttp2Stream>): void {
    for (const stream of open) if (stream.closed && !stream.destroyed) stream.destroy();
  }

  function toH2(socket: Socket): void {
    // node:http keeps its sockets half open after the client's FIN; a session on one would then
    // hold its streams (and keep writing event streams) until a write failed. A node:http2 server's
    // own sockets end with the client's: these do too.
    socket.allowHalfOpen = false;
    // The http2 server makes the session while it handles 'connection', so it is caught here with its socket.
    let session: ServerHttp2Session | undefined;
    const caught = (s: ServerHttp2Session) => (session = s);
    h2.once('session', caught);
    h2.emit('connection', socket);
    h2.off('session', caught);
    if (session) watch(session, socket);
    else socket.destroy();
  }

  server.on('connection', (socket: Socket) => {
    // Refused by the guard already (it ran first): read nothing more, let its answer go out.
    if (socket.writableEnded || socket.destroyed) {
      socket.on('error', ignore);
      socket.resume();
      return;
    }
    // Until its first bytes tell, a socket is neither HTTP/1.1's nor a session: shutdown ends it here.
    sniffing.add(socket);
    socket.once('close', () => sniffing.delete(socket));
    sniffPreface(socket, limits.headersTimeoutMs, {
      decided: (isH2) => {
        sniffing.delete(socket);
        if (isH2) toH2(socket);
        else http1.call(server, socket);
      },
      timedOut: () => {
        sniffing.delete(socket);
        socket.on('error', ignore);
        guard.refuse(socket, 'request_timeout', 'the request did not arrive in time');
      },
    });
  });

  return {
    get sessions() {
      return sessions.size;
    },
    close() {
      closing = true;
      // A socket that has sent nothing yet is an idle connection: it goes as HTTP/1.1's idle ones do.
      for (const socket of sniffing) socket.destroy();
      for (const [s, open] of sessions) {
        end(s, 'shutdown', 'close');
        letGo(open);
      }
    },
    destroy() {
      for (const socket of sniffing) socket.destroy();
      for (const s of sessions.keys()) end(s, 'shutdown', 'destroy');
    },
  };
}
