import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../relay/store/store';
import { register, startTestRelay } from '../support/relay-process';
import { embeddedFactory, storeForBlock } from './store-factories';

describe('an event stream whose viewer stops reading', () => {
  let store: Store;
  storeForBlock(embeddedFactory(), (opened) => (store = opened));

  it('is cut once 64 KiB wait unsent, counted, and ends with a closing event that says why (not a silent drop)', { timeout: 60_000 }, async () => {
    const relay = await startTestRelay(store);
    try {
      const person = await register(relay.url, { displayName: 'A viewer who stopped reading, with a long name to make frames larger' });
      const url = new URL(relay.url);
      const socket = connect(Number(url.port), url.hostname);
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
      const closed = new Promise<void>((ok) => socket.once('close', () => ok()));
      socket.write(`GET /api/v1/s/${person.share.id}/events HTTP/1.1\r\nHost: relay\r\nAccept: text/event-stream\r\n\r\n`);
      await new Promise<void>((ok) => socket.on('data', () => /event: status/.test(text) && ok()));
      // The viewer stops reading: the kernel's buffers fill, then the relay's.
      socket.pause();
      const cuts = async () => (await relay.relay.metrics.refused.get()).values.find((v) => v.labels.reason === 'stream_backlog')?.value ?? 0;
      const t0 = Date.now() - 60_000;
      // Changes in rounds (the embedded store commits a round's together) until the relay cuts.
      for (let round = 0; (await cuts()) === 0; round++) {
        expect(round, 'the relay never cut the stream').toBeLessThan(2_000);
        const changes = Array.from({ length: 50 }, (_, j) => round * 50 + j + 1);
        await Promise.all(changes.map((i) => store.applyReport(person.userId, 'teams-web', { observedAt: new Date(t0 + i).toISOString(), call: i % 2 ? { inCall: true, muted: false } : null }, Date.now())));
      }
      socket.resume();
      await closed;
      // Everything it had not read, then the reason, then the end of the chunked body.
      expect(text).toMatch(/event: closing\ndata: \{"reason":"slow-reader"\}\n\n\r\n0\r\n\r\n$/);
    } finally {
      await relay.close();
    }
  });
});
