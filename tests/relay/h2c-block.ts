import type { ClientHttp2Session } from 'node:http2';
import { afterEach } from 'vitest';
import type { Store } from '../../relay/store/store';
import { h2Session } from '../support/h2-client';
import { startTestRelay } from '../support/relay-process';
import { embeddedFactory, storeForBlock } from './store-factories';

/**
 * The h2c suites' setup: an embedded store for the describe block, and relays and HTTP/2
 * sessions a test opens on it, closed after that test (newest first). `defaults` is every
 * relay's environment unless the test says otherwise.
 */
export function h2cBlock(defaults: Record<string, string> = {}) {
  let store: Store;
  const cleanup: (() => unknown)[] = [];
  storeForBlock(embeddedFactory(), (opened) => (store = opened));
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });
  return {
    cleanup,
    /** A relay on the block's store; a test may close it itself (the cleanup then leaves it). */
    async relayWith(env: Record<string, string> = {}) {
      const relay = await startTestRelay(store, { ...defaults, ...env });
      let closed = false;
      cleanup.push(() => (closed ? undefined : relay.close()));
      return { ...relay, close: () => ((closed = true), relay.close()) };
    },
    async session(base: string, options: Parameters<typeof h2Session>[1] = {}): Promise<ClientHttp2Session> {
      const s = await h2Session(base, options);
      cleanup.push(() => s.destroy());
      return s;
    },
  };
}
