import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicView } from '../../core';
import { loadConfig } from '../../relay/config';
import { createRelay, type Relay } from '../../relay/server';
import type { Store } from '../../relay/store/store';
import { LIFTED_LIMITS, putSource, quietLogger, register } from '../support/relay-process';
import { openSse } from '../support/sse-client';
import { embeddedFactory, redisFactory, storeForBlock, type StoreFactory } from './store-factories';

/**
 * A share's public view has its own sequence per level: basic changes only when what basic
 * shows changes (so a basic viewer cannot time calls or mute toggles), and a change that needs
 * no new report (expiry, staleness) is an event with an id of its own.
 */
describe.each<[string, () => StoreFactory]>([
  ['embedded', embeddedFactory],
  ['redis', redisFactory],
])('share sequence (%s store)', (_name, makeFactory) => {
  const factory = makeFactory();
  let store: Store;
  let relay: Relay;
  let base: string;
  let clock = Date.parse('2026-11-23T09:00:00Z');
  const at = (offsetMs = 0) => new Date(clock + offsetMs).toISOString();

  storeForBlock(factory, (opened) => (store = opened));
  beforeAll(async () => {
    relay = createRelay({ config: loadConfig({ PORT: '0', ...LIFTED_LIMITS }), store, now: () => clock, log: quietLogger });
    base = await relay.listen();
  });
  afterAll(async () => {
    await relay?.close();
  });

  const read = async (shareId: string) => {
    const res = await fetch(`${base}/api/v1/s/${shareId}`);
    return { etag: res.headers.get('etag'), view: (await res.json()) as PublicView };
  };

  it('basic: a call starting and ending within Busy, and mute toggles, change nothing a viewer can see', async () => {
    const ada = await register(base);
    // Busy from the calendar all morning.
    await putSource(base, ada.token, 'calendar', { observedAt: at(), current: { start: at(-60_000), end: at(3_600_000), showAs: 'busy' } });
    const before = await read(ada.share.id);
    expect(before.view).toMatchObject({ availability: 'Busy', label: 'Busy', stale: false });
    const sse = await openSse(`${base}/api/v1/s/${ada.share.id}/events`);
    try {
      expect(JSON.parse((await sse.nextEvent()).data)).toMatchObject({ availability: 'Busy' });
      clock += 60_000;
      await putSource(base, ada.token, 'teams-web', { observedAt: at(), call: { inCall: true, muted: false } });
      clock += 10_000;
      await putSource(base, ada.token, 'teams-web', { observedAt: at(), call: { inCall: true, muted: true } });
      clock += 10_000;
      await putSource(base, ada.token, 'teams-web', { observedAt: at(), call: { inCall: false } });
      const after = await read(ada.share.id);
      expect(after.etag).toBe(before.etag);
      expect(after.view).toEqual(before.view);
      // The detailed level still tells each of those (set it, then see the stream move).
      await fetch(`${base}/api/v1/me/share`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ada.token}` }, body: JSON.stringify({ level: 'detailed' }) });
      const detailed = JSON.parse((await sse.nextEvent()).data) as PublicView;
      expect(detailed).toMatchObject({ level: 'detailed', activity: 'InAMeeting' });
      expect(detailed.seq).toBeGreaterThan(before.view.seq + 2);
      // Nothing was sent to the basic viewer between the first frame and the level change.
      expect(sse.pending()).toEqual([]);
    } finally {
      sse.close();
    }
  });

  it('an expiry is an event of its own: Last-Event-ID catch-up and the ETag both move', async () => {
    const ada = await register(base);
    await putSource(base, ada.token, 'manual', { observedAt: at(), availability: 'DoNotDisturb', until: at(30 * 60_000) });
    const dnd = await read(ada.share.id);
    expect(dnd.view).toMatchObject({ availability: 'DoNotDisturb' });
    clock += 31 * 60_000;
    const expired = await read(ada.share.id);
    expect(expired.view).toMatchObject({ availability: 'Unknown' });
    expect(expired.view.seq).toBeGreaterThan(dnd.view.seq);
    expect(expired.etag).not.toBe(dnd.etag);
    expect(expired.view.since).toBe(at(-60_000));
    // A viewer who last saw "Do not disturb" resumes and is told it ended.
    const sse = await openSse(`${base}/api/v1/s/${ada.share.id}/events`, { 'last-event-id': String(dnd.view.seq) });
    try {
      const event = await sse.nextEvent();
      expect(event.id).toBe(String(expired.view.seq));
      expect(JSON.parse(event.data)).toMatchObject({ availability: 'Unknown' });
    } finally {
      sse.close();
    }
    // The next report continues after the expiry's id.
    await putSource(base, ada.token, 'teams-web', { observedAt: at(), call: null });
    expect((await read(ada.share.id)).view.seq).toBeGreaterThan(expired.view.seq);
  });

  it('going stale is an event of its own too', async () => {
    const ada = await register(base);
    await putSource(base, ada.token, 'teams-web', { observedAt: at(), call: { inCall: true } });
    const fresh = await read(ada.share.id);
    clock += 2 * 60_000;
    const stale = await read(ada.share.id);
    expect(stale.view).toMatchObject({ availability: 'Busy', stale: true });
    expect(stale.view.seq).toBe(fresh.view.seq + 1);
    expect(stale.view.since).toBe(fresh.view.since);
  });
});
