import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openExtensionDb } from '../../extension/platform/db';
import type { OutboxHealth } from '../../extension/sync/outbox';
import { RelayLink } from '../../extension/sync/relay-link';
import { createStore } from '../../relay/store/create-store';
import type { Store } from '../../relay/store/store';
import { startTestRelay } from '../support/relay-process';
import { until } from '../support/until';
import { memorySlot } from './worker-harness';

let store: Store;
let relay: { url: string; close(): Promise<void> };
const dataDir = mkdtempSync(join(tmpdir(), 'outbox-retry-'));

beforeAll(async () => {
  store = await createStore({ dataDir, historyDays: 30 });
  relay = await startTestRelay(store);
});

afterAll(async () => {
  await relay?.close();
  await store?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A link whose network can be cut (fetch fails as Chrome's does) and whose timer never fires. */
async function cuttableLink(name: string) {
  const net = { down: false };
  const delays: number[] = [];
  const health = memorySlot<OutboxHealth | null>(null);
  const fetchVia: typeof fetch = (input, init) => (net.down ? Promise.reject(new TypeError('Failed to fetch')) : fetch(input, init));
  const link = new RelayLink({
    connection: memorySlot(null),
    health,
    db: await openExtensionDb(name),
    fetch: fetchVia,
    schedule: (ms) => void delays.push(ms),
    hasAccess: async () => true,
    onChange: () => undefined,
  });
  await link.connect(relay.url, 'Ada', 'UTC');
  return { link, net, delays };
}

async function queueWhileOffline(link: RelayLink, net: { down: boolean }, availability: 'Busy' | 'Away') {
  net.down = true;
  await link.queue('manual', { observedAt: new Date().toISOString(), availability });
  await until(() => link.outbox.getHealth().phase === 'waiting', 'the outbox to wait out its back-off');
  expect(link.outbox.getHealth()).toMatchObject({ queued: 1, offline: true });
  net.down = false;
}

async function relayStatus(link: RelayLink): Promise<string | undefined> {
  const conn = link.connection();
  const res = await fetch(`${relay.url}/api/v1/me/status`, { headers: { authorization: `Bearer ${conn?.token ?? ''}` } });
  return ((await res.json()) as { availability?: string }).availability;
}

describe('the outbox retries as soon as the relay answers again', () => {
  it('on the next successful request to the relay, not on its back-off timer', async () => {
    const { link, net, delays } = await cuttableLink('retry-on-success');
    await queueWhileOffline(link, net, 'Busy');
    expect(delays).toEqual([1_000]);
    // The popup's line: one sentence each, one full stop each.
    expect(link.health().detail).toMatch(
      /^The relay at http:\/\/127\.0\.0\.1:\d+ could not be reached \(Failed to fetch\)\. Check that the relay is running and that its address is right\. Next try at [^,]+, or as soon as the relay answers\.$/,
    );
    expect(await relayStatus(link)).not.toBe('Busy');
    // The options page changes the share level: the relay answers, so the queue goes too.
    await link.updateShare({ level: 'detailed' });
    await until(() => link.outbox.getHealth().queued === 0, 'the queued report to be sent');
    expect(await relayStatus(link)).toBe('Busy');
    expect(delays, 'no timer was needed').toEqual([1_000]);
    expect(link.outbox.getHealth()).toMatchObject({ phase: 'idle', offline: false });
  });

  it('when the browser says it is online again', async () => {
    const { link, net } = await cuttableLink('retry-on-online');
    await queueWhileOffline(link, net, 'Away');
    await link.retryNow();
    expect(link.outbox.getHealth()).toMatchObject({ queued: 0, phase: 'idle' });
    expect(await relayStatus(link)).toBe('Away');
  });
});
