import { Agent } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../relay/store/store';
import { register, startTestRelay } from '../support/relay-process';
import { openSse, type SseClient } from '../support/sse-client';
import { embeddedFactory, storeForBlock } from './store-factories';

/** A raw TCP client from a chosen loopback address (Linux routes all of 127/8 to lo). */
function rawSocket(base: string, from = '127.0.0.1'): Promise<Socket & { received: () => string; gone: Promise<void> }> {
  const { hostname, port } = new URL(base);
  return new Promise((ok, fail) => {
    const socket = connect({ host: hostname, port: Number(port), localAddress: from });
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    const gone = new Promise<void>((done) => socket.once('close', () => done()));
    socket.once('error', () => {});
    socket.once('connect', () => ok(Object.assign(socket, { received: () => text, gone })));
    socket.once('error', fail);
  });
}

/** A slow-loris client: the request line and one header, then nothing. */
async function slowHeaders(base: string, from: string): Promise<Awaited<ReturnType<typeof rawSocket>>> {
  const s = await rawSocket(base, from);
  s.write('GET /healthz HTTP/1.1\r\nHost: relay\r\nX-Slow: ');
  return s;
}

describe('connection limits', () => {
  const factory = embeddedFactory();
  let store: Store;
  const cleanup: (() => void)[] = [];
  storeForBlock(factory, (opened) => (store = opened));
  afterEach(() => {
    for (const c of cleanup.splice(0)) c();
  });

  async function relayWith(env: Record<string, string>) {
    const relay = await startTestRelay(store, env);
    cleanup.push(() => void relay.close());
    return relay.url;
  }
  const track = <T extends { destroy(): void } | SseClient>(s: T): T => {
    cleanup.push(() => ('close' in s && typeof s.close === 'function' ? s.close() : (s as { destroy(): void }).destroy()));
    return s;
  };

  it('cuts a slow header sender at HEADERS_TIMEOUT_MS with 408, not 30 s later', { timeout: 10_000 }, async () => {
    const base = await relayWith({ HEADERS_TIMEOUT_MS: '1000', REQUEST_TIMEOUT_MS: '2000' });
    const slow = track(await slowHeaders(base, '127.0.0.2'));
    await slow.gone;
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('cuts a stalled body at REQUEST_TIMEOUT_MS with 408', { timeout: 10_000 }, async () => {
    const base = await relayWith({ HEADERS_TIMEOUT_MS: '1000', REQUEST_TIMEOUT_MS: '1500' });
    const s = track(await rawSocket(base, '127.0.0.2'));
    s.write('POST /api/v1/users HTTP/1.1\r\nHost: relay\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"displayName":');
    await s.gone;
    expect(s.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('caps unfinished requests per address: the next one gets 429 at once, other addresses are served', async () => {
    const base = await relayWith({ MAX_PENDING_PER_IP: '3' });
    for (let i = 0; i < 3; i++) track(await slowHeaders(base, '127.0.0.4'));
    const refused = track(await rawSocket(base, '127.0.0.4'));
    await refused.gone;
    expect(refused.received()).toMatch(/^HTTP\/1\.1 429 [^]*Retry-After: \d+[^]*too many unfinished requests/);
    const other = track(await rawSocket(base, '127.0.0.5'));
    other.write('GET /healthz HTTP/1.1\r\nHost: relay\r\nConnection: close\r\n\r\n');
    await other.gone;
    expect(other.received()).toMatch(/^HTTP\/1\.1 200 /);
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(/relay_connections_refused_total\{reason="unfinished_per_address"\} 1/);
  });

  it('caps open event streams per address with 429; another address still streams', async () => {
    const base = await relayWith({ MAX_STREAMS_PER_IP: '2' });
    const ada = await register(base);
    const url = `${base}/api/v1/s/${ada.share.id}/events`;
    const from = (localAddress: string) => track(new Agent({ localAddress, keepAlive: false }));
    for (let i = 0; i < 2; i++) track(await openSse(url, {}, from('127.0.0.6')));
    const third = track(await openSse(url, {}, from('127.0.0.6')));
    expect(third.response.statusCode).toBe(429);
    expect(Number(third.response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const elsewhere = track(await openSse(url, {}, from('127.0.0.7')));
    expect(elsewhere.response.statusCode).toBe(200);
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(/relay_connections_refused_total\{reason="streams_per_address"\} 1/);
    // Closing one frees its place.
    third.close();
  });

  it('answers 503 beyond the total connection budget instead of dropping sockets silently', async () => {
    const base = await relayWith({ MAX_CONNECTIONS: '3' });
    for (let i = 0; i < 3; i++) track(await slowHeaders(base, `127.0.1.${i + 1}`));
    const over = track(await rawSocket(base, '127.0.1.9'));
    await over.gone;
    expect(over.received()).toMatch(/^HTTP\/1\.1 503 [^]*Retry-After: \d+[^]*the relay is at its connection limit/);
  });

  it('answers 431 to headers over the size limit', async () => {
    const base = await relayWith({});
    const s = track(await rawSocket(base, '127.0.0.8'));
    s.write(`GET /healthz HTTP/1.1\r\nHost: relay\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    await s.gone;
    expect(s.received()).toMatch(/^HTTP\/1\.1 431 /);
  });

  it.each([['MAX_CONNECTIONS', '0'], ['MAX_STREAMS_PER_IP', 'many'], ['HEADERS_TIMEOUT_MS', '10'], ['REQUEST_TIMEOUT_MS', '999999999']])('refuses %s=%s naming it', async (name, value) => {
    await expect(relayWith({ [name]: value })).rejects.toThrow(new RegExp(`^${name} must be`));
  });
});
