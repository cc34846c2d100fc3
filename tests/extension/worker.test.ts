import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../extension/background/handlers';
import { createStore } from '../../relay/store/create-store';
import type { Store } from '../../relay/store/store';
import { startTeamsLocalSimulator, type TeamsLocalSimulator } from '../fakes/teams-local/simulator';
import { freePort } from '../support/ports';
import { startRedis, type TestRedis } from '../support/redis';
import { startTestRelay } from '../support/relay-process';
import { until } from '../support/until';
import { memorySlots, startWorker, webSnapshot } from './worker-harness';

/** Whole minutes from `startMs` to an ISO time (a timeline segment's edge). */
const minutesFrom = (startMs: number, iso: string) => (Date.parse(iso) - startMs) / 60_000;

let redis: TestRedis;
let store: Store;
const dataDir = mkdtempSync(join(tmpdir(), 'worker-test-'));

beforeAll(async () => {
  redis = await startRedis();
  store = await createStore({ redisUrl: redis.url, dataDir, historyDays: 30 });
});

afterAll(async () => {
  await store?.close();
  await redis?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

async function shareView(base: string, shareId: string) {
  return (await (await fetch(`${base}/api/v1/s/${shareId}`)).json()) as { activity: string; label: string; call?: { inCall: boolean; muted?: boolean } | null; seq: number };
}

describe('service worker state', () => {
  it('several Teams tabs: the one in a call wins; closing it ends the call', async () => {
    const h = await startWorker({ slots: memorySlots() });
    const handlers = createHandlers(Promise.resolve(h.worker));
    await h.worker.onTeamsWebUpdate(1, webSnapshot('idle'));
    await h.worker.onTeamsWebUpdate(2, webSnapshot('in-call', { inCall: true, muted: true }));
    await h.worker.onTeamsWebUpdate(1, webSnapshot('idle'));
    const during = await handlers.getState(null);
    expect(during.ok && during.state).toMatchObject({ status: { label: 'In a call' }, call: { via: 'teams-web', muted: true }, health: { teamsWeb: { state: 'in-call' } } });
    await h.worker.onTabRemoved(2);
    const after = await handlers.getState(null);
    expect(after.ok && after.state).toMatchObject({ status: { label: 'Not in a call' }, call: null, health: { teamsWeb: { state: 'idle' } } });
    expect(h.badges.at(-1)).toMatchObject({ availability: 'Available' });
    h.stop();
  });

  it('a tab whose page cannot be read is reported as changed and publishes nothing', async () => {
    const h = await startWorker({ slots: memorySlots() });
    await h.worker.onTeamsWebUpdate(7, webSnapshot('page-changed'));
    const s = await createHandlers(Promise.resolve(h.worker)).getState(null);
    expect(s.ok && s.state).toMatchObject({ status: { availability: 'Unknown' }, health: { teamsWeb: { state: 'page-changed', detail: 'Teams changed its page.' } } });
    h.stop();
  });

  it('re-publishes a live report before it goes stale, and not more often than needed', async () => {
    const h = await startWorker({ slots: memorySlots() });
    await h.worker.onTeamsWebUpdate(1, webSnapshot('in-call'));
    const first = h.worker.book.report('teams-web')?.observedAt;
    h.clock.now += 30_000;
    await h.worker.onTeamsWebUpdate(1, webSnapshot('in-call'));
    await h.worker.tick();
    expect(h.worker.book.report('teams-web')?.observedAt).toBe(first);
    h.clock.now += 30_000;
    await h.worker.onTeamsWebUpdate(1, webSnapshot('in-call'));
    await h.worker.tick();
    expect(Date.parse(h.worker.book.report('teams-web')?.observedAt ?? '')).toBe(h.clock.now);
    expect(h.worker.book.view(h.clock.now)).toMatchObject({ label: 'In a call', stale: false });
    // The tab falls silent (frozen, crashed): no more heartbeats, the status turns stale.
    h.clock.now += 100_000;
    await h.worker.tick();
    expect(h.worker.book.view(h.clock.now)).toMatchObject({ stale: true });
    h.stop();
  });

  it('the timeline also records changes that time makes (a silent sensor expiring)', async () => {
    // 10:00 on the local wall clock: the timeline's day is the machine's local day, in any zone.
    const start = new Date(2026, 10, 25, 10, 0).getTime();
    const h = await startWorker({ slots: memorySlots(), clock: { now: start } });
    await h.worker.onTeamsWebUpdate(1, webSnapshot('in-call'));
    h.clock.now = start + 5 * 60_000;
    await h.worker.tick(); // the tab fell silent: no heartbeat, the report ages
    h.clock.now = start + 12 * 60_000;
    await h.worker.tick(); // past the 10-minute expiry: nothing is known any more
    h.clock.now = start + 15 * 60_000;
    const t = await createHandlers(Promise.resolve(h.worker)).getTimeline({ day: '2026-11-25' });
    expect(t.ok && t.segments.map((s) => [minutesFrom(start, s.start), minutesFrom(start, s.end), s.availability, s.inCall])).toEqual([
      [0, 12, 'Busy', true],
      [12, 15, 'Unknown', false],
    ]);
    h.stop();
  });

  it('routes call actions to the Teams tab in the call and reports its refusal in words', async () => {
    const h = await startWorker({ slots: memorySlots(), tabReply: { ok: false, error: 'The mute button is disabled in Teams.' } });
    const handlers = createHandlers(Promise.resolve(h.worker));
    expect(await handlers.callAction({ action: { kind: 'toggle-mute' } })).toEqual({ ok: false, error: 'You are not in a Teams call that this extension can see.' });
    await h.worker.onTeamsWebUpdate(3, webSnapshot('in-call'));
    expect(await handlers.callAction({ action: { kind: 'toggle-mute' } })).toEqual({ ok: false, error: 'The mute button is disabled in Teams.' });
    expect(h.tabMessages).toEqual([{ tabId: 3, message: { type: 'teamsWebAction', payload: { action: { kind: 'toggle-mute' } } } }]);
    const s = await handlers.getState(null);
    expect(s.ok && s.state.lastError).toBe('The mute button is disabled in Teams.');
    h.stop();
  });

  it('validates a manual status and lists the day as a timeline', async () => {
    const start = new Date(2026, 10, 25, 8, 0).getTime();
    const h = await startWorker({ slots: memorySlots(), clock: { now: start } });
    const handlers = createHandlers(Promise.resolve(h.worker));
    expect(await handlers.setManual({ availability: 'Busy', until: null, message: 'x'.repeat(281) })).toMatchObject({ ok: false, error: expect.stringMatching(/message/) });
    expect(await handlers.setManual({ availability: 'Busy', until: new Date(start - 1).toISOString() })).toMatchObject({ ok: false, error: 'The end time is in the past.' });
    expect(await handlers.setManual({ availability: 'DoNotDisturb', until: new Date(start + 3_600_000).toISOString(), message: 'Focus' })).toEqual({ ok: true });
    h.clock.now = start + 30 * 60_000;
    expect(await handlers.clearManual(null)).toEqual({ ok: true });
    h.clock.now = start + 60 * 60_000;
    const t = await handlers.getTimeline({ day: '2026-11-25' });
    expect(t.ok && t.segments.map((s) => [minutesFrom(start, s.start), minutesFrom(start, s.end), s.availability])).toEqual([
      [0, 30, 'DoNotDisturb'],
      [30, 60, 'Unknown'],
    ]);
    expect(await handlers.getTimeline({ day: '2026-13-40' })).toMatchObject({ ok: false });
    h.stop();
  });
});

describe('service worker with the Teams desktop simulator and the relay', () => {
  let sim: TeamsLocalSimulator;
  beforeAll(async () => {
    sim = await startTeamsLocalSimulator({ autoApprove: true });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('a meeting in Teams reaches the relay; mute goes to Teams and its echo comes back', async () => {
    const relay = await startTestRelay(store);
    const h = await startWorker({ slots: memorySlots(sim.url, true) });
    const handlers = createHandlers(Promise.resolve(h.worker));
    const connected = await handlers.connectRelay({ relayUrl: relay.url, displayName: 'Ada' });
    if (!connected.ok) throw new Error(connected.error);
    const shareId = connected.share.url.split('/').pop() ?? '';
    expect(await handlers.setShareLevel({ level: 'detailed' })).toMatchObject({ ok: true, share: { level: 'detailed' } });
    await until(() => h.worker.teamsLocal.snapshot().state === 'unpaired', 'the client to connect');
    sim.startMeeting();
    await until(async () => (await shareView(relay.url, shareId)).call?.inCall, 'the relay to see the call');
    await until(() => h.worker.teamsLocal.snapshot().canPair, 'canPair');
    expect(await handlers.pairTeams(null)).toEqual({ ok: true });
    await until(() => h.worker.teamsLocal.snapshot().state === 'paired', 'pairing');
    await until(() => h.worker.teamsLocal.snapshot().permissions?.canToggleMute, 'mute permission');
    expect(await handlers.callAction({ action: { kind: 'toggle-mute' } })).toEqual({ ok: true });
    expect(sim.received.some((r) => (r.frame as { action?: string }).action === 'toggle-mute')).toBe(true);
    await until(async () => (await shareView(relay.url, shareId)).call?.muted === true, 'the muted echo at the relay');
    h.stop();
    sim.endMeeting();
    await relay.close();
  });

  it('connecting sends what is already known, so the share is current at once', async () => {
    const relay = await startTestRelay(store);
    const h = await startWorker({ slots: memorySlots() });
    const handlers = createHandlers(Promise.resolve(h.worker));
    await handlers.setManual({ availability: 'BeRightBack', until: null, message: 'Coffee' });
    const connected = await handlers.connectRelay({ relayUrl: relay.url, displayName: 'Sam' });
    if (!connected.ok) throw new Error(connected.error);
    await h.worker.relay.flush();
    expect(await shareView(relay.url, connected.share.url.split('/').pop() ?? '')).toMatchObject({ availability: 'BeRightBack' });
    expect(await handlers.connectRelay({ relayUrl: relay.url, displayName: 'Sam again' })).toMatchObject({ ok: false, error: expect.stringMatching(/Already connected/) });
    h.stop();
    await relay.close();
  });

  it('a revoked link keeps its queue and hands it to the new link after reconnecting', async () => {
    const relay = await startTestRelay(store);
    const slots = memorySlots();
    const h = await startWorker({ slots });
    const handlers = createHandlers(Promise.resolve(h.worker));
    const first = await handlers.connectRelay({ relayUrl: relay.url, displayName: 'Lin' });
    if (!first.ok) throw new Error(first.error);
    // Someone deletes the account at the relay (another browser, an admin): the key stops working.
    const token = (await slots.connection.get())?.token;
    await fetch(`${relay.url}/api/v1/me`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    await handlers.setManual({ availability: 'Away', until: null, message: 'Lunch' });
    await h.worker.relay.flush();
    const revoked = await handlers.getState(null);
    expect(revoked.ok && revoked.state.health.relay).toMatchObject({ state: 'revoked', queued: 1, detail: expect.stringMatching(/Connect again/) });

    const second = await handlers.connectRelay({ relayUrl: relay.url, displayName: 'Lin' });
    if (!second.ok) throw new Error(second.error);
    expect(second.share.url).not.toBe(first.share.url);
    await h.worker.relay.flush();
    const view = await shareView(relay.url, second.share.url.split('/').pop() ?? '');
    expect(view).toMatchObject({ availability: 'Away' });
    const synced = await handlers.getState(null);
    expect(synced.ok && synced.state.health.relay).toMatchObject({ state: 'synced', queued: 0 });
    h.stop();
    await relay.close();
  });

  it('a report the relay refuses for good is dropped, named in the health line, and the next one goes through', async () => {
    const relay = await startTestRelay(store);
    const h = await startWorker({ slots: memorySlots() });
    const handlers = createHandlers(Promise.resolve(h.worker));
    const connected = await handlers.connectRelay({ relayUrl: relay.url, displayName: 'Kim' });
    if (!connected.ok) throw new Error(connected.error);
    // This computer's clock runs 20 minutes fast: the relay refuses times from the future.
    h.clock.now = Date.now() + 20 * 60_000;
    await handlers.setManual({ availability: 'Busy', until: null });
    await h.worker.relay.flush();
    const refused = await handlers.getState(null);
    expect(refused.ok && refused.state.health.relay).toMatchObject({ state: 'synced', queued: 0, detail: expect.stringMatching(/refused a manual report.*dropped: observedAt is too far/) });
    h.clock.now = Date.now();
    await h.worker.onTeamsWebUpdate(2, webSnapshot('in-call'));
    await h.worker.relay.flush();
    expect(await shareView(relay.url, connected.share.url.split('/').pop() ?? '')).toMatchObject({ availability: 'Busy', label: 'Busy' });
    h.stop();
    await relay.close();
  });

  it('reports queued while the relay is down survive a worker restart and are flushed in order', async () => {
    const port = await freePort();
    let relay = await startTestRelay(store, { PORT: String(port) });
    const slots = memorySlots();
    const first = await startWorker({ slots });
    let handlers = createHandlers(Promise.resolve(first.worker));
    const connected = await handlers.connectRelay({ relayUrl: relay.url, displayName: 'Grace' });
    if (!connected.ok) throw new Error(connected.error);
    expect(await handlers.setShareLevel({ level: 'detailed' })).toMatchObject({ ok: true });
    await relay.close();

    await handlers.setManual({ availability: 'Busy', until: null });
    await first.worker.onTeamsWebUpdate(4, webSnapshot('in-call'));
    await handlers.clearManual(null);
    await first.worker.relay.flush();
    const offline = await handlers.getState(null);
    expect(offline.ok && offline.state.health.relay).toMatchObject({ state: 'offline', queued: 3 });
    first.stop();

    const second = await startWorker({ slots, dbName: first.dbName });
    handlers = createHandlers(Promise.resolve(second.worker));
    const restored = await handlers.getState(null);
    expect(restored.ok && restored.state).toMatchObject({ status: { label: 'In a call' }, health: { relay: { queued: 3 } }, share: { url: connected.share.url } });

    relay = await startTestRelay(store, { PORT: String(port) });
    await second.worker.relay.flush();
    const synced = await handlers.getState(null);
    expect(synced.ok && synced.state.health.relay).toMatchObject({ state: 'synced', queued: 0 });
    const shareId = connected.share.url.split('/').pop() ?? '';
    const history = (await (await fetch(`${relay.url}/api/v1/s/${shareId}/history`)).json()) as { items: { activity: string; inCall: boolean }[] };
    // Three reports, each applied once and in order, each leaving one history entry: manual
    // Busy, the call starting under the manual status (still Busy, now in a call), then the
    // manual status cleared, which reveals the call.
    expect(history.items.map((i) => [i.activity, i.inCall])).toEqual([
      ['Busy', false],
      ['Busy', true],
      ['InACall', true],
    ]);
    expect((await shareView(relay.url, shareId)).seq).toBe(3);
    second.stop();
    await relay.close();
  });
});
