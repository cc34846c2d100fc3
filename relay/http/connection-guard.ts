import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { ERROR_STATUS, type ApiErrorBody, type ErrorCode } from '../../core';
import type { RelayConfig } from '../config';
import type { RelayMetrics } from '../metrics';

/** A complete answer written straight to a socket the HTTP layer never got to (or gave up on). */
function writeRefusal(socket: Socket, code: ErrorCode, message: string, retryAfterS?: number): void {
  const body = JSON.stringify({ error: { code, message } } satisfies ApiErrorBody);
  const retry = retryAfterS === undefined ? '' : `Retry-After: ${retryAfterS}\r\n`;
  const status = ERROR_STATUS[code];
  const head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: application/json; charset=utf-8\r\n${retry}Connection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
  if (socket.writable) socket.end(head + body);
  else socket.destroy();
  // A client that never reads must not keep the socket: end() waits for it, this does not.
  setTimeout(() => socket.destroy(), 1000).unref();
}

/** How often Node checks header/request timeouts: often enough that they hold within a second. */
export function timeoutCheckIntervalMs(config: RelayConfig): number {
  return Math.max(100, Math.min(1000, Math.floor(config.connections.headersTimeoutMs / 4)));
}

/** Node's HTTP parser errors, answered with the status that says what went wrong. */
const CLIENT_ERRORS: Record<string, [ErrorCode, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: ['request_timeout', 'the request did not arrive in time'],
  HPE_HEADER_OVERFLOW: ['headers_too_large', 'the request headers are too large'],
};

/** What the HTTP/2 side (h2c.ts) needs of the guard for the sockets it takes over. */
export interface ConnectionGuard {
  /** The socket's first request has arrived (an HTTP/2 stream opened): it no longer counts as unfinished. */
  started(socket: Socket): void;
  /** Answer a socket before any protocol has it (counted in relay_connections_refused_total by `code`). */
  refuse(socket: Socket, code: ErrorCode, message: string): void;
}

/**
 * Socket-level limits, before any route runs: a total connection budget (503 past it), a cap on
 * sockets from one address that have not finished their first request (429: slow header senders),
 * header and request timeouts checked often enough to hold at their configured values (Node
 * checks every 30 s by default), and parser errors answered 400/408/431 instead of a dropped
 * socket. Behind proxies (TRUST_PROXY > 0) every socket comes from a proxy, so the per-address cap
 * is left to the proxy, which is where slow senders then wait.
 */
export function guardConnections(server: Server, config: RelayConfig, metrics: RelayMetrics): ConnectionGuard {
  const limits = config.connections;
  const refuse = (socket: Socket, code: ErrorCode, message: string, reason: string = code, retryAfterS?: number) => {
    metrics.refused.inc({ reason });
    writeRefusal(socket, code, message, retryAfterS);
  };
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  let open = 0;
  const pending = new Map<string, number>();
  const release = (address: string) => {
    const n = (pending.get(address) ?? 1) - 1;
    if (n <= 0) pending.delete(address);
    else pending.set(address, n);
  };
  const unfinished = new WeakMap<Socket, () => void>();

  server.on('connection', (socket: Socket) => {
    open++;
    socket.once('close', () => open--);
    if (open > limits.max) return refuse(socket, 'over_capacity', 'the relay is at its connection limit; try again shortly', 'over_capacity', 5);
    if (config.trustProxy > 0) return;
    const address = socket.remoteAddress ?? 'unknown';
    if ((pending.get(address) ?? 0) >= limits.pendingPerIp) {
      return refuse(socket, 'rate_limited', 'too many unfinished requests from your address', 'unfinished_per_address', 5);
    }
    pending.set(address, (pending.get(address) ?? 0) + 1);
    const done = () => {
      if (!unfinished.delete(socket)) return;
      release(address);
    };
    unfinished.set(socket, done);
    socket.once('close', done);
  });
  // Headers complete: the socket is no longer an unfinished request (its body has requestTimeout).
  // A WebSocket upgrade completes its headers too, without a 'request'.
  const headersDone = (req: IncomingMessage) => {
    unfinished.get(req.socket)?.();
    latest.set(req.socket, req);
  };
  server.prependListener('request', headersDone);
  server.prependListener('upgrade', headersDone);

  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    const [code, message] = CLIENT_ERRORS[err.code ?? ''] ?? ['invalid_request', 'the request is not valid HTTP'];
    if (err.code !== 'ERR_HTTP_REQUEST_TIMEOUT') return refuse(socket, code, message);
    // Node checks its deadlines in the timer phase, before the poll phase reads what arrived: a
    // relay whose loop was late (starved of CPU) would refuse a request already waiting in its
    // socket. The refusal is decided after that read; what is still incomplete then was late.
    const waiting = latest.get(socket);
    const body = waiting && !waiting.complete ? waiting : null;
    setImmediate(() => {
      const arrived = body ? body.complete : latest.get(socket) !== waiting;
      if (!arrived && !socket.destroyed) refuse(socket, code, message);
    });
  });
  return { started: (socket) => unfinished.get(socket)?.(), refuse: (socket, code, message) => refuse(socket, code, message) };
}

/** Each socket's newest request (its headers arrived): what a deadline found unfinished. */
const latest = new WeakMap<Socket, IncomingMessage>();
