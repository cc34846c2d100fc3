import { once } from 'node:events';
import type { ClientHttp2Session } from 'node:http2';
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { RegisterResponse } from '../../core';
import { H2_PREFACE } from '../../relay/http/preface-sniff';
import { h2Fetch, h2Sse } from '../support/h2-client';
import { until } from '../support/until';
import { h2cBlock } from './h2c-block';

/** A raw TCP client that records what it receives, from a chosen loopback address. */
async function raw(base: string, from = '127.0.0.1'): Promise<{ socket: Socket; received: () => Buffer; gone: Promise<void> }> {
  const { hostname, port } = new URL(base);
  const socket = connect({ host: hostname, port: Number(port), localAddress: from });
  const chunks: Buffer[] = [];
  socket.on('data', (d: Buffer) => chunks.push(d));
  socket.on('error', () => {});
  const gone = new Promise<void>((done) => socket.once('close', () => done()));
  await once(socket, 'connect');
  return { socket, received: () => Buffer.concat(chunks), gone };
}

/** The type of each frame in an HTTP/2 byte stream (9-byte headers: length, type, flags, stream). */
function frameTypes(bytes: Buffer): number[] {
  const types: number[] = [];
  for (let at = 0; at + 9 <= bytes.length; at += 9 + bytes.readUIntBE(at, 3)) types.push(bytes[at + 3]!);
  return types;
}
const GOAWAY = 0x7;

describe('h2c at the edges: shutdown, unfinished sessions, bytes that are no protocol', () => {
  const block = h2cBlock({ HEADERS_TIMEOUT_MS: '1000', REQUEST_TIMEOUT_MS: '2000' });
  const { relayWith } = block;
  const session = (base: string, from?: string): Promise<ClientHttp2Session> => block.session(base, { from });
  const healthy = async (base: string) => (await fetch(`${base}/healthz`)).status;

  it('shutdown sends GOAWAY, ends live streams cleanly and resolves close()', async () => {
    const relay = await relayWith();
    const s = await session(relay.url);
    const ada = (await h2Fetch(s, 'POST', '/api/v1/users', {}, { displayName: 'Ada' })).json() as RegisterResponse;
    const viewer = await h2Sse(s, `/api/v1/s/${ada.share.id}/events`);
    await viewer.nextEvent();
    const idle = await session(relay.url);
    const goaways = [once(s, 'goaway'), once(idle, 'goaway')];
    const sessionsGone = [once(s, 'close'), once(idle, 'close')];
    await relay.close();
    await Promise.all(goaways);
    expect(await viewer.ended).toBe('end');
    await Promise.all(sessionsGone);
  });

  it('counts a session without a stream as an unfinished request (MAX_PENDING_PER_IP) and closes it at HEADERS_TIMEOUT_MS', { timeout: 20_000 }, async () => {
    // Room on a busy machine for two sessions, a refused third and a first request before the deadline.
    const { url } = await relayWith({ MAX_PENDING_PER_IP: '2', HEADERS_TIMEOUT_MS: '3000', REQUEST_TIMEOUT_MS: '3000' });
    const first = await session(url, '127.0.2.1');
    await session(url, '127.0.2.1');
    const third = await raw(url, '127.0.2.1');
    await third.gone;
    expect(third.received().toString('latin1')).toMatch(/^HTTP\/1\.1 429 [^]*too many unfinished requests/);
    // A stream makes a session a finished request: its address has room again.
    expect((await h2Fetch(first, 'GET', '/healthz')).status).toBe(200);
    const fourth = await session(url, '127.0.2.1');
    // Nothing asked on it: closed at the deadline, and counted.
    await once(fourth, 'close');
    expect(await (await fetch(`${url}/metrics`)).text()).toMatch(/relay_connections_refused_total\{reason="request_timeout"\} [1-9]/);
    expect((await h2Fetch(first, 'GET', '/healthz')).status).toBe(200);
  });

  it('closes a session left idle after its streams, as HTTP/1.1 closes an idle keep-alive connection', { timeout: 15_000 }, async () => {
    const { url } = await relayWith();
    const s = await session(url);
    expect((await h2Fetch(s, 'GET', '/healthz')).status).toBe(200);
    await Promise.all([once(s, 'goaway'), once(s, 'close')]);
  });

  it('closes a session idle after its streams even when it was quiet once while a stream was open', { timeout: 30_000 }, async () => {
    const { url } = await relayWith({ SSE_HEARTBEAT_MS: '30000' });
    const s = await session(url);
    const ada = (await h2Fetch(s, 'POST', '/api/v1/users', {}, { displayName: 'Ada' })).json() as RegisterResponse;
    const viewer = await h2Sse(s, `/api/v1/s/${ada.share.id}/events`);
    await viewer.nextEvent();
    // Nothing the relay does is visible while the session is quiet: outlast Node's 5 s keep-alive
    // deadline (the session's idle timer) once, with the stream still open, so it fires then.
    await new Promise((r) => setTimeout(r, 6_000));
    const closed = once(s, 'close');
    viewer.close();
    await closed;
  });

  it('refuses a preface sent a byte at a time at HEADERS_TIMEOUT_MS, not at the last byte', { timeout: 15_000 }, async () => {
    const { url } = await relayWith();
    const c = await raw(url);
    let sent = 0;
    const drip = setInterval(() => {
      if (sent < H2_PREFACE.length && !c.socket.destroyed) c.socket.write(H2_PREFACE.subarray(sent, ++sent));
    }, 200);
    await c.gone;
    clearInterval(drip);
    expect(c.received().toString('latin1')).toMatch(/^HTTP\/1\.1 408 /);
    expect(sent).toBeLessThan(H2_PREFACE.length);
  });

  it('shutdown does not wait for a connection that has sent nothing yet', { timeout: 15_000 }, async () => {
    const relay = await relayWith({ HEADERS_TIMEOUT_MS: '60000', REQUEST_TIMEOUT_MS: '60000' });
    const c = await raw(relay.url);
    await relay.close();
    await c.gone;
  });

  it('answers a preface followed by garbage with GOAWAY and closes only that connection', async () => {
    const { url } = await relayWith();
    const c = await raw(url);
    c.socket.write(Buffer.concat([H2_PREFACE, Buffer.from('this is no SETTINGS frame at all, just words\r\n\r\n')]));
    await c.gone;
    expect(frameTypes(c.received())).toContain(GOAWAY);
    expect(await healthy(url)).toBe(200);
  });

  it.each([
    ['a request line that only starts like the preface', 'PRI * HTTP/1.1\r\nHost: relay\r\n\r\n'],
    ['binary noise', '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03'],
    ['a preface with one byte wrong', 'PRI * HTTP/2.0\r\n\r\nSX\r\n\r\n'],
  ])('hands %s to HTTP/1.1, which answers 400', async (_, bytes) => {
    const { url } = await relayWith();
    const c = await raw(url);
    c.socket.write(Buffer.from(bytes, 'latin1'));
    await c.gone;
    expect(c.received().toString('latin1')).toMatch(/^HTTP\/1\.1 400 /);
    expect(await healthy(url)).toBe(200);
  });

  it('answers half a preface and silence with 408 at HEADERS_TIMEOUT_MS', { timeout: 10_000 }, async () => {
    const { url } = await relayWith();
    const c = await raw(url);
    c.socket.write(H2_PREFACE.subarray(0, 10));
    await c.gone;
    expect(c.received().toString('latin1')).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('keeps serving when a client resets its streams before the answers are written', async () => {
    const { url } = await relayWith();
    const s = await session(url);
    const ada = (await h2Fetch(s, 'POST', '/api/v1/users', {}, { displayName: 'Ada' })).json() as RegisterResponse;
    const asks = [
      { ':method': 'GET', ':path': `/api/v1/s/${ada.share.id}/events` },
      { ':method': 'GET', ':path': `/api/v1/s/${ada.share.id}` },
      { ':method': 'PUT', ':path': '/api/v1/me/sources/teams-web', authorization: `Bearer ${ada.token}`, 'content-type': 'application/json' },
      { ':method': 'POST', ':path': '/api/v1/users', 'content-type': 'application/json' },
    ];
    for (let round = 0; round < 20; round++) {
      for (const headers of asks) {
        const stream = s.request(headers);
        stream.on('error', () => {});
        if (headers[':method'] !== 'GET') stream.write('{"displayName":"Bo');
        stream.close();
      }
    }
    expect((await h2Fetch(s, 'GET', '/healthz')).status).toBe(200);
    expect(await healthy(url)).toBe(200);
    // Nothing is left counted as open once the handlers still reading the store are done.
    const openStreams = async () => /relay_open_streams\{transport="sse"\} (\d+)/.exec((await h2Fetch(s, 'GET', '/metrics')).text)?.[1];
    await until(async () => (await openStreams()) === '0', 'no event stream counted as open');
  });

  it('survives clients that vanish while their first bytes are read, whichever protocol they began', async () => {
    const { url } = await relayWith();
    for (const start of [H2_PREFACE.subarray(0, 5), Buffer.concat([H2_PREFACE, Buffer.alloc(9)]), Buffer.from('GET /hea')]) {
      const c = await raw(url);
      c.socket.write(start);
      c.socket.resetAndDestroy();
      await c.gone;
    }
    expect(await healthy(url)).toBe(200);
    const s = await session(url);
    expect((await h2Fetch(s, 'GET', '/healthz')).status).toBe(200);
  });
});
