import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../relay/store/store';
import { FakeReceiver } from '../../fakes/notify/receiver';
import { storeFactories } from '../store-factories';
import { iso, makeUser, manual, teams } from '../store-support';
import { call, startNotifyRelay, type NotifyRelay } from './notify-support';
import { register } from '../../support/relay-process';
import { until } from '../../support/until';

/*
 * Changes without a report — a status set "until" a time ends, a source goes stale — feed the
 * notification queue like reports do: written once (Store.crossEdges, a compare-and-set) however
 * many replicas notice them, and queued in the same step (on a cluster, through the outbox).
 */
const factories = storeFactories({ cluster: true });

describe.each(factories)('edges without a report notify: $name', (factory) => {
  let store: Store;
  /** A second connection to the same Redis: another replica (the embedded store has one process). */
  let other: Store | null = null;
  let relays: NotifyRelay[] = [];
  let hook: FakeReceiver;

  beforeAll(async () => {
    await factory.start();
    store = await factory.open();
    if (factory.name !== 'embedded') other = await factory.open();
    hook = await new FakeReceiver(() => ({ status: 204 })).start();
  });
  afterAll(async () => {
    for (const r of relays) await r.close();
    await other?.close();
    await store?.close();
    await factory.stop();
    await hook?.stop();
  });
  // The queue is shared by the whole store: each test starts from an empty one.
  beforeEach(async () => {
    for (const c of await store.notify.claimChanges('drain', 1000, 0)) await store.notify.finishChange(c.handle, []);
  });

  it('an expiry is written once with its history and one queued change; writing it again (another replica) changes nothing', async () => {
    const user = makeUser();
    await store.createUser(user);
    const t0 = Date.now();
    await store.applyReport(user.userId, 'teams-web', teams(false, t0), t0);
    await store.applyReport(user.userId, 'manual', { ...manual('Busy', t0), until: iso(t0 + 1000) }, t0);
    for (const c of await store.notify.claimChanges('drain', 1000, 0)) await store.notify.finishChange(c.handle, []);
    expect((await store.crossEdges(user.userId, t0 + 500)).applied).toBe(false);
    const replicas = [store, other ?? store];
    const results = await Promise.all(replicas.map((s) => s.crossEdges(user.userId, t0 + 2000)));
    expect(results.filter((r) => r.applied)).toHaveLength(1);
    expect((await store.crossEdges(user.userId, t0 + 3000)).applied).toBe(false);
    const changes = await store.notify.claimChanges('a', 10, 60_000);
    expect(changes.map((c) => c.change)).toEqual([expect.objectContaining({ userId: user.userId, at: iso(t0 + 1000), before: expect.objectContaining({ availability: 'Busy' }), after: expect.objectContaining({ availability: 'Available' }) })]);
    const history = await store.history(user.userId, t0 - 1000, t0 + 5000);
    expect(history.map((h) => [h.at, h.availability])).toEqual([
      [iso(t0), 'Available'],
      [iso(t0), 'Busy'],
      [iso(t0 + 1000), 'Available'],
    ]);
    // What reads show does not move: the record only holds what advance() already showed.
    expect((await store.getStatusRecord(user.userId))!.last).toMatchObject({ availability: 'Available', since: iso(t0 + 1000) });
  });

  it('an edge that changes nothing anyone sees queues nothing', async () => {
    const user = makeUser();
    await store.createUser(user);
    const t0 = Date.now();
    await store.applyReport(user.userId, 'manual', { ...manual('Busy', t0), until: iso(t0 + 120_000) }, t0);
    await store.applyReport(user.userId, 'teams-web', teams(false, t0), t0);
    for (const c of await store.notify.claimChanges('drain', 1000, 0)) await store.notify.finishChange(c.handle, []);
    // The Teams report goes stale at 90 s; manual still decides: Busy before and after.
    expect((await store.crossEdges(user.userId, t0 + 91_000)).applied).toBe(true);
    expect(await store.notify.claimChanges('a', 10, 60_000)).toEqual([]);
  });

  it('an edge that passed while no relay ran is written, and notifies, when one starts', async () => {
    let relay = await startNotifyRelay({}, { store });
    const cy = await register(relay.url, { displayName: 'Cy' });
    const ch = await call(relay.url, 'POST', '/api/v1/me/channels', cy.token, { type: 'webhook', url: `${hook.url}/later-${cy.userId}` });
    await call(relay.url, 'PUT', '/api/v1/me/rules', cy.token, { rules: [{ channelId: ch.json.id, when: 'available' }] });
    await relay.close();
    const t = Date.now() - 60_000;
    // Written while nobody runs: Busy until a minute ago (the store takes the write's own clock).
    await store.applyReport(cy.userId, 'teams-web', teams(false, Date.now() - 1000), Date.now() - 1000);
    await store.applyReport(cy.userId, 'manual', { ...manual('Busy', t), until: iso(t + 1000) }, t);
    relay = await startNotifyRelay({}, { store });
    try {
      const [req] = await hook.waitFor(1, (r) => r.path === `/later-${cy.userId}`);
      expect(JSON.parse(req!.body.toString())).toMatchObject({ type: 'status.changed', status: { availability: 'Available' } });
    } finally {
      await relay.close();
    }
  });

  describe('through relays', () => {
    beforeAll(async () => {
      relays = [await startNotifyRelay({}, { store })];
      // Two replicas notice every edge where there can be two.
      if (other) relays.push(await startNotifyRelay({}, { store: other }));
    });

    it('an expiring busy status fires an "available" watch, once', async () => {
      const base = relays[0]!.url;
      const ada = await register(base, { displayName: 'Ada' });
      const now = Date.now();
      await call(base, 'PUT', '/api/v1/me/sources/manual', ada.token, { observedAt: iso(now), availability: 'Busy' });
      await call(base, 'PUT', '/api/v1/me/sources/teams-web', ada.token, { observedAt: iso(now), call: null });
      const watch = await call(relays.at(-1)!.url, 'POST', `/api/v1/s/${ada.share.id}/watches`, null, { when: 'available', channel: { type: 'webhook', url: `${hook.url}/watch-${ada.userId}` } });
      expect(watch.status).toBe(201);
      // Still Busy, now only until 1.5 s from now; then the Teams sensor's "not in a call" decides.
      const until = await call(base, 'PUT', '/api/v1/me/sources/manual', ada.token, { observedAt: iso(now + 1), availability: 'Busy', until: iso(Date.now() + 1500) });
      expect(until.status).toBe(200);
      const [fired] = await hook.waitFor(1, (r) => r.path === `/watch-${ada.userId}`);
      expect(JSON.parse(fired!.body.toString())).toMatchObject({ type: 'watch.fired', status: { availability: 'Available' } });
      // A watch fires once: it is gone, and a later change sends nothing to it.
      expect(await store.notify.listWatches(ada.userId)).toEqual([]);
    });

    it('a call whose report goes stale ends, and a "call-ended" rule fires once for it', async () => {
      const base = relays[0]!.url;
      const bo = await register(base, { displayName: 'Bo' });
      const ch = await call(base, 'POST', '/api/v1/me/channels', bo.token, { type: 'webhook', url: `${hook.url}/rule-${bo.userId}` });
      await call(base, 'PUT', '/api/v1/me/rules', bo.token, { rules: [{ channelId: ch.json.id, when: 'call-ended' }, { channelId: ch.json.id, when: 'busy' }] });
      const now = Date.now();
      await call(base, 'PUT', '/api/v1/me/sources/manual', bo.token, { observedAt: iso(now), availability: 'Available' });
      // Seen in a call by a Teams sensor that then goes silent: stale 90 s after, at now + 3 s (time enough for the writes before it).
      const inCall = await call(base, 'PUT', '/api/v1/me/sources/teams-web', bo.token, { observedAt: iso(now - 87_000), call: { inCall: true, muted: false } });
      expect(inCall.status).toBe(200);
      const [ended] = await hook.waitFor(1, (r) => r.path === `/rule-${bo.userId}`);
      expect(JSON.parse(ended!.body.toString())).toMatchObject({ type: 'status.changed', person: { displayName: 'Bo' } });
      // A report after the edge is the next change: the receiver's second request is that one,
      // not a second copy of the edge from the other replica.
      await call(base, 'PUT', '/api/v1/me/sources/manual', bo.token, { observedAt: iso(Date.now()), availability: 'Busy' });
      const both = await hook.waitFor(2, (r) => r.path === `/rule-${bo.userId}`);
      expect(new Set(both.map((r) => r.headers['webhook-id'])).size).toBe(2);
      const deliveries = await until(async () => {
        const items = (await call(base, 'GET', `/api/v1/me/channels/${String(ch.json.id)}/deliveries`, bo.token)).json.items ?? [];
        return items.length >= 2 && items.every((i) => i.state === 'delivered') ? items : null;
      }, 'both deliveries recorded');
      expect(deliveries).toHaveLength(2);
    });
  });
});
