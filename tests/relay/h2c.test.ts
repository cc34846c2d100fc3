import type { ClientHttp2Session } from 'node:http2';
import { describe, expect, it } from 'vitest';
import type { RegisterResponse } from '../../core';
import { h2Fetch, h2Sse, type H2SseClient } from '../support/h2-client';
import { openSse } from '../support/sse-client';
import { until } from '../support/until';
import { h2cBlock } from './h2c-block';

const report = (inCall: boolean, offsetMs = 0) => ({ observedAt: new Date(Date.now() + offsetMs).toISOString(), call: { inCall, muted: false, camera: false } });

describe('HTTP/2 with prior knowledge (h2c) on the relay port', () => {
  const { cleanup, relayWith, session } = h2cBlock();
  async function registerOver(s: ClientHttp2Session): Promise<RegisterResponse> {
    const res = await h2Fetch(s, 'POST', '/api/v1/users', {}, { displayName: 'Ada' });
    expect(res.status).toBe(201);
    return res.json() as RegisterResponse;
  }
  const put = (s: ClientHttp2Session, token: string, body: unknown) => h2Fetch(s, 'PUT', '/api/v1/me/sources/teams-web', { authorization: `Bearer ${token}` }, body);

  it('registers, writes and reads over one session, the answers free of HTTP/1.1 connection headers', async () => {
    const { url } = await relayWith();
    const s = await session(url);
    const ada = await registerOver(s);
    const written = await put(s, ada.token, report(true));
    expect(written.status).toBe(200);
    expect(written.json()).toMatchObject({ applied: true });
    const read = await h2Fetch(s, 'GET', `/api/v1/s/${ada.share.id}`);
    expect(read.status).toBe(200);
    expect(read.json()).toMatchObject({ seq: 1, availability: 'Busy' });
    expect(read.headers.etag).toBeTruthy();
    const again = await h2Fetch(s, 'GET', `/api/v1/s/${ada.share.id}`, { 'if-none-match': String(read.headers.etag) });
    expect(again.status).toBe(304);
    // Errors keep their codes; the 413's `Connection: close` is an HTTP/1.1 matter and left out.
    const big = await h2Fetch(s, 'PUT', '/api/v1/me/sources/teams-web', { authorization: `Bearer ${ada.token}` }, { pad: 'x'.repeat(200_000) });
    expect(big.status).toBe(413);
    expect(big.headers.connection).toBeUndefined();
    expect((await h2Fetch(s, 'GET', '/nowhere')).status).toBe(404);
    // The same session still serves: nothing above reset it.
    expect((await h2Fetch(s, 'GET', '/healthz')).status).toBe(200);
  });

  it('streams status events over h2c and resumes with Last-Event-ID', async () => {
    const { url } = await relayWith();
    const s = await session(url);
    const ada = await registerOver(s);
    const path = `/api/v1/s/${ada.share.id}/events`;
    const first = await h2Sse(s, path);
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(first.headers.connection).toBeUndefined();
    const initial = await first.nextEvent();
    expect(initial.event).toBe('status');
    await put(s, ada.token, report(true));
    const live = await first.nextEvent();
    expect(JSON.parse(live.data)).toMatchObject({ availability: 'Busy' });
    expect(Number(live.id)).toBeGreaterThan(Number(initial.id));
    first.close();
    await first.ended;

    // Caught up: no status is repeated; the next change arrives.
    const resumed = await h2Sse(s, path, { 'last-event-id': String(live.id) });
    await put(s, ada.token, report(false, 1000));
    const next = await resumed.nextEvent();
    expect(JSON.parse(next.data).availability).not.toBe('Busy');
    expect(Number(next.id)).toBeGreaterThan(Number(live.id));
    // Behind: the current status comes at once.
    const behind = await h2Sse(s, path, { 'last-event-id': String(initial.id) });
    expect((await behind.nextEvent()).id).toBe(next.id);
    resumed.close();
    behind.close();
  });

  it('counts streams per forwarded address behind a trusted proxy: one session, 429 past the cap, another address served', async () => {
    const { url } = await relayWith({ TRUST_PROXY: '1', MAX_STREAMS_PER_IP: '2' });
    const s = await session(url);
    const ada = await registerOver(s);
    const path = `/api/v1/s/${ada.share.id}/events`;
    const viewer = (address: string) => h2Sse(s, path, { 'x-forwarded-for': address });
    const open: H2SseClient[] = [await viewer('203.0.113.7'), await viewer('203.0.113.7')];
    expect(open.map((v) => v.status)).toEqual([200, 200]);
    const third = await viewer('203.0.113.7');
    expect(third.status).toBe(429);
    expect(Number(third.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const other = await viewer('203.0.113.8');
    expect(other.status).toBe(200);
    // Closing one frees its place for that address.
    open[0]!.close();
    await open[0]!.ended;
    const fourth = await viewer('203.0.113.7');
    expect(fourth.status).toBe(200);
    expect((await h2Fetch(s, 'GET', '/metrics')).text).toMatch(/relay_connections_refused_total\{reason="streams_per_address"\} 1/);
  });

  it('announces HTTP2_MAX_CONCURRENT_STREAMS in its settings', async () => {
    const { url } = await relayWith({ HTTP2_MAX_CONCURRENT_STREAMS: '7' });
    const s = await session(url);
    expect(s.remoteSettings.maxConcurrentStreams).toBe(7);
  });

  it('cuts a stream whose viewer reads nothing (flow-control window shut) at the unsent cap', { timeout: 30_000 }, async () => {
    const { url } = await relayWith();
    const writer = await session(url);
    const ada = await registerOver(writer);
    // A window of 0: the relay may send this stream no data at all, so every frame waits in it.
    const stuck = await session(url, { settings: { initialWindowSize: 0 } });
    const viewer = await h2Sse(stuck, `/api/v1/s/${ada.share.id}/events`);
    expect(viewer.status).toBe(200);
    let gone = false;
    void viewer.ended.then(() => (gone = true));
    for (let i = 0; i < 400 && !gone; i++) await put(writer, ada.token, report(i % 2 === 0, i));
    await until(() => gone, 'the relay to cut the stream that reads nothing');
    expect(await viewer.ended).toBe('reset');
    // Only that stream: the relay and the writer's session go on, and no stream is left counted.
    expect((await h2Fetch(writer, 'GET', '/metrics')).text).toMatch(/relay_open_streams\{transport="sse"\} 0/);
  });

  it('answers 408 to a request body that stalls past REQUEST_TIMEOUT_MS', { timeout: 10_000 }, async () => {
    const { url } = await relayWith({ HEADERS_TIMEOUT_MS: '1000', REQUEST_TIMEOUT_MS: '1500' });
    const s = await session(url);
    const stream = s.request({ ':method': 'POST', ':path': '/api/v1/users', 'content-type': 'application/json' });
    stream.write('{"displayName":');
    const status = await new Promise<number>((ok) => stream.once('response', (h) => ok(Number(h[':status']))));
    expect(status).toBe(408);
  });

  it('serves HTTP/1.1 on the same port as before, event streams included', async () => {
    const { url } = await relayWith();
    const s = await session(url);
    const ada = await registerOver(s);
    const h1 = await openSse(`${url}/api/v1/s/${ada.share.id}/events`);
    cleanup.push(() => h1.close());
    expect(h1.response.httpVersion).toBe('1.1');
    expect(h1.response.headers.connection).toBe('keep-alive');
    await h1.nextEvent();
    // A write over HTTP/1.1 reaches the HTTP/2 viewer and the other way round.
    const h2 = await h2Sse(s, `/api/v1/s/${ada.share.id}/events`);
    await h2.nextEvent();
    const res = await fetch(`${url}/api/v1/me/sources/teams-web`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${ada.token}` }, body: JSON.stringify(report(true)) });
    expect(res.status).toBe(200);
    expect((await h1.nextEvent()).id).toBe((await h2.nextEvent()).id);
    h2.close();
  });
});
