// An HTTP/2 client with prior knowledge (h2c), as a proxy in front of the relay would speak it:
// one session, many streams, from a chosen loopback address.
import { connect as connectH2, constants, type ClientHttp2Session, type ClientHttp2Stream, type IncomingHttpHeaders, type IncomingHttpStatusHeader, type OutgoingHttpHeaders } from 'node:http2';
import { connect, type Socket } from 'node:net';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { queue } from './sse-client';

export type H2Headers = IncomingHttpHeaders & IncomingHttpStatusHeader;

/**
 * An h2c session to `base` (http://host:port); `settings` are the client's own (e.g. its
 * flow-control window); `socket` is given the TCP socket under it (for bytes no HTTP/2 client sends).
 */
export function h2Session(base: string, options: { from?: string; settings?: Record<string, number>; socket?: (socket: Socket) => void } = {}): Promise<ClientHttp2Session> {
  const { hostname, port } = new URL(base);
  return new Promise((ok, fail) => {
    const session = connectH2(base, {
      createConnection: () => {
        const socket = connect({ host: hostname, port: Number(port), localAddress: options.from ?? '127.0.0.1' });
        options.socket?.(socket);
        return socket;
      },
      settings: options.settings,
    });
    session.once('error', fail);
    session.once('remoteSettings', () => {
      session.off('error', fail);
      session.on('error', () => {});
      ok(session);
    });
  });
}

/** One request on the session; resolves with the answer's headers and whole body. */
export function h2Fetch(session: ClientHttp2Session, method: string, path: string, headers: OutgoingHttpHeaders = {}, body?: unknown): Promise<{ status: number; headers: H2Headers; text: string; json: () => unknown }> {
  return new Promise((ok, fail) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const stream = session.request({ ':method': method, ':path': path, ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...headers });
    let answer: H2Headers | undefined;
    let text = '';
    stream.setEncoding('utf8');
    stream.once('response', (h) => (answer = h));
    stream.on('data', (d: string) => (text += d));
    stream.once('end', () => (answer ? ok({ status: Number(answer[':status']), headers: answer, text, json: () => JSON.parse(text) }) : fail(new Error(`${method} ${path}: no response`))));
    stream.once('error', fail);
    stream.end(payload);
  });
}

export interface H2SseClient {
  stream: ClientHttp2Stream;
  status: number;
  headers: H2Headers;
  nextEvent(timeoutMs?: number): Promise<EventSourceMessage>;
  nextComment(timeoutMs?: number): Promise<string>;
  /** Resolves when the stream closes: `end` when the relay ended it, `reset` when it was cut (RST_STREAM). */
  ended: Promise<'end' | 'reset'>;
  close(): void;
}

/** An event stream on the session (its headers resolve it). */
export function h2Sse(session: ClientHttp2Session, path: string, headers: OutgoingHttpHeaders = {}): Promise<H2SseClient> {
  return new Promise((ok, fail) => {
    const stream = session.request({ ':method': 'GET', ':path': path, accept: 'text/event-stream', ...headers });
    const events = queue<EventSourceMessage>();
    const comments = queue<string>();
    const parser = createParser({ onEvent: (e) => events.push(e), onComment: (c) => comments.push(c) });
    const ended = new Promise<'end' | 'reset'>((done) => stream.once('close', () => done(stream.rstCode === constants.NGHTTP2_NO_ERROR ? 'end' : 'reset')));
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => parser.feed(chunk));
    stream.once('error', fail);
    stream.once('response', (h) => {
      stream.off('error', fail);
      stream.on('error', () => {});
      ok({ stream, status: Number(h[':status']), headers: h, nextEvent: (t = 10_000) => events.next(t, 'event'), nextComment: (t = 10_000) => comments.next(t, 'comment'), ended, close: () => stream.close() });
    });
  });
}
