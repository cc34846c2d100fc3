// A child of bench/relay.ts: many SSE streams to one share over a few HTTP/2 connections with
// prior knowledge (h2c), the way a proxy in front of the relay carries its viewers upstream;
// reports over IPC like sse-viewers.ts when every stream has its first event and when every
// stream has a given seq. Loopback only; it exits when its parent goes away.
// Started with fork(…, [base, path, streams, connections, localAddress]).
import { connect as connectH2, type ClientHttp2Session, type OutgoingHttpHeaders } from 'node:http2';
import { connect } from 'node:net';

const [base = '', path = '', streamsArg = '0', connectionsArg = '1', localAddress = '127.0.0.1'] = process.argv.slice(2);
const count = Number(streamsArg);
const { hostname, port } = new URL(base);
/** The connection's receive window: one update to every stream of a session must not wait for WINDOW_UPDATEs. */
const SESSION_WINDOW = 32 * 1024 * 1024;
/** Streams asked for at once by this process (the relay reads the share and its status for each). */
const BATCH = 200;
const waiting = new Map<number, number>();
let initial = 0;
const send = (m: unknown) => process.send?.(m);

interface Viewer {
  last: number | null;
}

function session(): Promise<ClientHttp2Session> {
  return new Promise((ok, fail) => {
    const s = connectH2(base, { createConnection: () => connect({ host: hostname, port: Number(port), localAddress }) });
    s.once('error', fail);
    s.once('remoteSettings', () => {
      s.off('error', fail);
      s.on('error', (err) => send({ type: 'error', message: `session: ${String(err)}` }));
      s.on('goaway', (code) => send({ type: 'error', message: `the relay sent GOAWAY (${code})` }));
      s.on('close', () => send({ type: 'error', message: 'an HTTP/2 connection closed' }));
      s.setLocalWindowSize(SESSION_WINDOW);
      ok(s);
    });
  });
}

function onFrame(viewer: Viewer, seq: number): void {
  if (viewer.last === null) {
    viewer.last = seq;
    if (++initial === count) send({ type: 'open' });
    return;
  }
  if (seq <= viewer.last) return;
  viewer.last = seq;
  const left = (waiting.get(seq) ?? count) - 1;
  waiting.set(seq, left);
  if (left === 0) send({ type: 'reached', seq });
}

function openOne(s: ClientHttp2Session, viewer: Viewer = { last: null }): Promise<void> {
  const headers: OutgoingHttpHeaders = { ':path': path, accept: 'text/event-stream' };
  if (viewer.last !== null) headers['last-event-id'] = String(viewer.last);
  return new Promise((ok, fail) => {
    const stream = s.request(headers);
    let answered = false;
    stream.setEncoding('utf8');
    stream.on('error', () => {});
    stream.once('response', (h) => {
      const status = Number(h[':status']);
      // Busy relay (408 deadline, 503 store timeout): again a moment later, as EventSource would.
      if (status === 408 || status === 503) {
        stream.close();
        return void setTimeout(() => openOne(s, viewer).then(ok, fail), 200);
      }
      if (status !== 200) return fail(new Error(`SSE answered ${status}`));
      answered = true;
      ok();
    });
    stream.on('data', (chunk: string) => {
      for (const m of chunk.matchAll(/^id: (\d+)$/gm)) onFrame(viewer, Number(m[1]));
    });
    // A stream the relay ends is opened again with Last-Event-ID, and counted.
    stream.once('close', () => {
      if (!answered) return;
      if (s.closed || s.destroyed) return send({ type: 'error', message: 'an HTTP/2 connection closed under its streams' });
      send({ type: 'reconnect' });
      openOne(s, viewer).catch((err: unknown) => send({ type: 'error', message: String(err) }));
    });
  });
}

process.on('disconnect', () => process.exit(0));

try {
  const sessions = await Promise.all(Array.from({ length: Number(connectionsArg) }, () => session()));
  for (let i = 0; i < count; i += BATCH) await Promise.all(Array.from({ length: Math.min(BATCH, count - i) }, (_, j) => openOne(sessions[(i + j) % sessions.length]!)));
} catch (err) {
  send({ type: 'error', message: String(err) });
}
