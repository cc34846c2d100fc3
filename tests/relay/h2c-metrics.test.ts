import { once } from 'node:events';
import { constants, type ClientHttp2Session } from 'node:http2';
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { RegisterResponse } from '../../core';
import { H2_PREFACE } from '../../relay/http/preface-sniff';
import { H2_SESSION_END_REASONS } from '../../relay/metrics';
import { h2Fetch, h2Sse, type H2SseClient } from '../support/h2-client';
import { until } from '../support/until';
import { h2cBlock } from './h2c-block';

/** The value of one series in Prometheus text (NaN when it is absent). */
function series(text: string, name: string): number {
  const escaped = name.replace(/[{}"\\]/g, (c) => `\\${c}`);
  return Number(new RegExp(`^${escaped} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
}
const closedBy = (reason: string) => `relay_http2_sessions_closed_total{reason="${reason}"}`;

/** The HTTP/2 series of a scrape, read over HTTP/1.1 so the scrape itself is no stream. */
async function h2Gauges(url: string): Promise<{ sessions: number; streams: number; text: string }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return { sessions: series(text, 'relay_http2_sessions'), streams: series(text, 'relay_http2_streams'), text };
}
/** Waits for the gauges to read these values; on time out the error shows the HTTP/2 series last seen. */
const reach = (url: string, sessions: number, streams: number) =>
  until(async () => {
    const now = await h2Gauges(url);
    if (now.sessions === sessions && now.streams === streams) return now.text;
    throw new Error(now.text.split('\n').filter((l) => l.startsWith('relay_http2')).join('; '));
  }, `${sessions} HTTP/2 sessions and ${streams} streams`);

describe('metrics of HTTP/2 sessions and streams', () => {
  const block = h2cBlock();
  const { relayWith, session } = block;
  async function viewers(s: ClientHttp2Session, n: number): Promise<H2SseClient[]> {
    const ada = (await h2Fetch(s, 'POST', '/api/v1/users', {}, { displayName: 'Ada' })).json() as RegisterResponse;
    const opened: H2SseClient[] = [];
    for (let i = 0; i < n; i++) opened.push(await h2Sse(s, `/api/v1/s/${ada.share.id}/events`));
    await Promise.all(opened.map((v) => v.nextEvent()));
    return opened;
  }

  it('count sessions and streams as they open, and let go of what the client resets or closes', async () => {
    const { url } = await relayWith();
    const before = await h2Gauges(url);
    expect([before.sessions, before.streams]).toEqual([0, 0]);
    for (const reason of H2_SESSION_END_REASONS) expect(series(before.text, closedBy(reason))).toBe(0);

    const one = await session(url);
    const two = await session(url);
    const [a, b] = await viewers(one, 2);
    const [c] = await viewers(two, 1);
    await reach(url, 2, 3);
    // Reset with NO_ERROR (what EventSource's close() becomes), then with CANCEL.
    a!.close();
    await a!.ended;
    await reach(url, 2, 2);
    c!.stream.close(constants.NGHTTP2_CANCEL);
    await reach(url, 2, 1);
    // The client's GOAWAY.
    two.close();
    await once(two, 'close');
    await reach(url, 1, 1);
    // Gone with a stream still open (GOAWAY, then the connection's FIN).
    one.destroy();
    await b!.ended;
    const after = await reach(url, 0, 0);
    expect(series(after, closedBy('client'))).toBe(2);
  });

  it('let go of a session and its streams when the client resets the connection under them', async () => {
    const { url } = await relayWith();
    let raw: Socket | undefined;
    const s = await session(url, { socket: (socket) => (raw = socket) });
    await viewers(s, 2);
    await reach(url, 1, 2);
    raw!.resetAndDestroy();
    expect(series(await reach(url, 0, 0), closedBy('client'))).toBe(1);
  });

  it('count a session that failed, with the streams it carried', async () => {
    const { url } = await relayWith();
    const s = await session(url);
    await viewers(s, 2);
    await reach(url, 1, 2);
    // GOAWAY with an error code: the relay's session fails and its streams go with it.
    s.goaway(constants.NGHTTP2_PROTOCOL_ERROR);
    expect(series(await reach(url, 0, 0), closedBy('error'))).toBe(1);
  });

  it('count a connection that sent the preface and then no HTTP/2 as a failed session', async () => {
    const { url } = await relayWith();
    const { hostname, port } = new URL(url);
    const socket = connect({ host: hostname, port: Number(port) });
    socket.on('error', () => {});
    socket.resume();
    await once(socket, 'connect');
    socket.write(Buffer.concat([H2_PREFACE, Buffer.from('this is no SETTINGS frame\r\n\r\n')]));
    await once(socket, 'close');
    expect(series(await reach(url, 0, 0), closedBy('error'))).toBe(1);
  });

  it('count a session closed idle after its streams', { timeout: 30_000 }, async () => {
    const { url } = await relayWith();
    const s = await session(url);
    // Listened for first: on a busy machine the close may come while the scrape below waits.
    const closed = once(s, 'close');
    expect((await h2Fetch(s, 'GET', '/healthz')).status).toBe(200);
    await reach(url, 1, 0);
    await closed;
    expect(series(await reach(url, 0, 0), closedBy('idle'))).toBe(1);
  });

  it('count a session that opened no stream within HEADERS_TIMEOUT_MS', { timeout: 30_000 }, async () => {
    // Long enough for the scrape below to see the session open first, on a busy machine too.
    const { url } = await relayWith({ HEADERS_TIMEOUT_MS: '8000', REQUEST_TIMEOUT_MS: '8000' });
    const s = await session(url);
    const closed = once(s, 'close');
    await reach(url, 1, 0);
    await closed;
    expect(series(await reach(url, 0, 0), closedBy('request_timeout'))).toBe(1);
  });

  it('count every session a shutdown closed with GOAWAY, and their streams gone', async () => {
    const relay = await relayWith();
    const busy = await session(relay.url);
    const viewer = (await viewers(busy, 1))[0]!;
    await session(relay.url);
    await reach(relay.url, 2, 1);
    await relay.close();
    expect(await viewer.ended).toBe('end');
    // Scraped in process: the relay no longer listens. A session's 'close' follows its socket's.
    const registry = relay.relay.metrics.registry;
    const text = await until(async () => {
      const now = await registry.metrics();
      return series(now, 'relay_http2_sessions') === 0 ? now : undefined;
    }, 'no HTTP/2 session left');
    expect(series(text, 'relay_http2_streams')).toBe(0);
    expect(series(text, closedBy('shutdown'))).toBe(2);
  });
});
