import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../relay/config';
import type { Store } from '../../relay/store/store';
import { startTestRelay } from '../support/relay-process';
import { embeddedFactory } from './store-factories';

/** Proxies append the address they saw on the right of X-Forwarded-For; the left is the client's own words. */
describe('TRUST_PROXY', () => {
  const factory = embeddedFactory();
  let store: Store;
  beforeAll(async () => {
    await factory.start();
    store = await factory.open();
  });
  afterAll(async () => {
    await store?.close();
    await factory.stop();
  });

  async function statuses(env: Record<string, string>, forwarded: string[]): Promise<number[]> {
    const relay = await startTestRelay(store, { RATE_LIMIT_PER_IP: '2', ...env });
    try {
      const out: number[] = [];
      for (const xff of forwarded) out.push((await fetch(`${relay.url}/api/v1/s/unknown-share-id`, { headers: { 'x-forwarded-for': xff } })).status);
      return out;
    } finally {
      await relay.close();
    }
  }

  it('with one hop, a client writing a fresh leftmost address each time is still one client', async () => {
    const spoofed = (client: string) => ['1.1.1.1', '2.2.2.2', '3.3.3.3'].map((lie) => `${lie}, ${client}`);
    expect(await statuses({ TRUST_PROXY: '1' }, spoofed('203.0.113.7'))).toEqual([404, 404, 429]);
    // `true` is kept as one hop (it was the only setting before counts).
    expect(await statuses({ TRUST_PROXY: 'true' }, spoofed('203.0.113.8'))).toEqual([404, 404, 429]);
  });

  it('with two hops, the entry the outer proxy wrote is the client', async () => {
    const chain = ['9.9.9.9, 203.0.113.9, 10.0.0.2', '8.8.8.8, 203.0.113.9, 10.0.0.3', '7.7.7.7, 203.0.113.9, 10.0.0.4'];
    expect(await statuses({ TRUST_PROXY: '2' }, chain)).toEqual([404, 404, 429]);
    // Different clients behind the same proxies are counted apart.
    expect(await statuses({ TRUST_PROXY: '2' }, ['203.0.113.1, 10.0.0.2', '203.0.113.2, 10.0.0.2', '203.0.113.3, 10.0.0.2'])).toEqual([404, 404, 404]);
  });

  it('without trust the header is ignored: the socket address counts', async () => {
    expect(await statuses({}, ['203.0.113.1', '203.0.113.2', '203.0.113.3'])).toEqual([404, 404, 429]);
  });

  it.each(['yes', '-1', '11', '1.5'])('refuses TRUST_PROXY=%s with a clear error', (value) => {
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/^TRUST_PROXY must be a number of proxy hops \(0 to 10\), "true" \(1\) or "false" \(0\)/);
  });
});
