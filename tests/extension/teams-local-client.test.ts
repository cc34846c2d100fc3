import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { DETAIL } from '../../extension/sources/teams-local/snapshot';
import { createTeamsLocalSource, toCallPermissions, toTeamsLocalHealth, toTeamsReport } from '../../extension/sources/teams-local';
import type { TeamsLocalSource, TeamsLocalSourceOptions } from '../../extension/sources/teams-local';
import { EXTENSION_ORIGIN, memoryTokenStore, waitForSnapshot, wsFactory } from '../fakes/teams-local/harness';
import { ManualClock } from '../fakes/teams-local/manual-clock';
import { startRig } from '../fakes/teams-local/replay';
import { startTeamsLocalSimulator } from '../fakes/teams-local/simulator';
import { freePort } from '../support/ports';
import type { TeamsLocalSimulator, TeamsLocalSimulatorOptions } from '../fakes/teams-local/simulator';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function simulator(options: TeamsLocalSimulatorOptions = {}): Promise<TeamsLocalSimulator> {
  const sim = await startTeamsLocalSimulator(options);
  cleanups.push(() => sim.close());
  return sim;
}

type Store = ReturnType<typeof memoryTokenStore>;

function client(sim: TeamsLocalSimulator, store: Store, extra: Partial<TeamsLocalSourceOptions> & { frames?: string[]; logs?: string[] } = {}): TeamsLocalSource {
  const c = createTeamsLocalSource({
    createSocket: wsFactory(extra.frames),
    loadToken: store.loadToken,
    saveToken: store.saveToken,
    appVersion: '1.2.3',
    address: sim.url,
    log: (m) => extra.logs?.push(m),
    ...extra,
  });
  cleanups.push(() => c.stop());
  return c;
}

const paired = (c: TeamsLocalSource) => waitForSnapshot(c, (s) => s.state === 'paired' && s.meetingState?.isInMeeting === true, 'paired in a meeting');

/** A paired client in a meeting: pairs through the simulator's Allow. */
async function pairedClient(sim: TeamsLocalSimulator, store: Store, extra: Parameters<typeof client>[2] = {}) {
  if (!sim.meeting().isInMeeting) sim.startMeeting();
  const c = client(sim, store, extra);
  await c.start();
  await waitForSnapshot(c, (s) => s.canPair, 'canPair');
  const pairing = c.pair();
  await once(sim.events, 'pair-request');
  sim.approvePairing();
  await pairing;
  await paired(c);
  return c;
}

describe('Teams local client against the simulator', () => {
  it('connects unpaired (no token in the URL, extension Origin), out of a meeting: nothing to pair', async () => {
    const sim = await simulator();
    const c = client(sim, memoryTokenStore());
    await c.start();
    const snap = await waitForSnapshot(c, (s) => s.state === 'unpaired');
    expect(snap).toMatchObject({ canPair: false, meetingState: null });
    expect(toTeamsLocalHealth(snap)).toEqual({ state: 'unpaired', canPair: false, detail: 'Not paired. Join a Teams meeting, then click "Pair with Teams".' });
    expect(toTeamsReport(snap, '2026-11-25T10:00:00Z')).toEqual({ observedAt: '2026-11-25T10:00:00Z', call: null });
    expect(sim.connections[0]).toMatchObject({ origin: EXTENSION_ORIGIN, presentedToken: null });
    expect(sim.connections[0]?.url).toBe('/?protocol-version=2.0.0&manufacturer=Teams+Status&device=Browser&app=Teams+Status&app-version=1.2.3');
    await expect(c.pair()).rejects.toMatchObject({ code: 'cannot-pair' });
  });

  it('pairs in a meeting (Allow in Teams), saves the token, then a restart presents it and gets the state', async () => {
    const sim = await simulator();
    const store = memoryTokenStore();
    sim.startMeeting({ isMuted: true });
    const first = client(sim, store);
    await first.start();
    const unpaired = await waitForSnapshot(first, (s) => s.canPair, 'canPair');
    expect(toTeamsReport(unpaired, '2026-11-25T10:00:00Z')?.call).toEqual({ inCall: true });
    expect(toCallPermissions(unpaired).toggleMute).toBe(false);
    const pairing = first.pair();
    await once(sim.events, 'pair-request');
    expect(first.snapshot().state).toBe('pairing');
    expect(sim.approvePairing()).toBe(1);
    await pairing;
    expect(store.token).toBe(sim.connections[0]?.issuedToken);
    expect(store.token).toMatch(/^[0-9a-f-]{36}$/);
    await paired(first);
    first.stop();

    const second = client(sim, store);
    await second.start();
    const snap = await paired(second);
    expect(snap.meetingState?.isMuted).toBe(true);
    expect(new URL(`ws://x${sim.connections[1]?.url}`).searchParams.get('token')).toBe(store.token);
  });

  it('mute: the ack arrives before the echo; the promise resolves and the state flips', async () => {
    const sim = await simulator();
    const frames: string[] = [];
    const c = await pairedClient(sim, memoryTokenStore(), { frames });
    await c.send({ kind: 'toggle-mute' });
    await waitForSnapshot(c, (s) => s.meetingState?.isMuted === true, 'muted');
    const sent = sim.received.map((r) => r.frame as { action: string; requestId: number }).filter((f) => f.action === 'toggle-mute');
    expect(sent).toEqual([{ action: 'toggle-mute', parameters: {}, requestId: sent[0]?.requestId }]);
    const ackAt = frames.indexOf(JSON.stringify({ requestId: sent[0]?.requestId, response: 'Success' }));
    const echoAt = frames.findIndex((f, i) => i > 0 && f.includes('"isMuted":true'));
    expect(ackAt).toBeGreaterThan(-1);
    expect(echoAt).toBeGreaterThan(ackAt);
  });

  it('a command Teams refuses outside a call rejects with its errorMsg; the client refuses locally once it knows', async () => {
    const sim = await simulator();
    const c = await pairedClient(sim, memoryTokenStore());
    sim.setState({ isInMeeting: false }, { notify: false }); // the call ended; Teams has not said so yet
    await expect(c.send({ kind: 'toggle-video' })).rejects.toMatchObject({ code: 'rejected', message: expect.stringMatching(/no active call/) });
    sim.endMeeting();
    const sentBefore = sim.received.length;
    await waitForSnapshot(c, (s) => s.meetingState === null, 'out of the meeting');
    await expect(c.send({ kind: 'toggle-mute' })).rejects.toMatchObject({ code: 'not-in-meeting', message: 'You are not in a Teams meeting.' });
    expect(sim.received.length).toBe(sentBefore);
    expect(toCallPermissions(c.snapshot())).toEqual({ toggleMute: false, toggleVideo: false, toggleHand: false, toggleBlur: false, leave: false, react: false });
  });

  it('blur is acked without an echo; the client does not wait for one', async () => {
    const sim = await simulator();
    const frames: string[] = [];
    sim.startMeeting({ isVideoOn: true });
    const c = await pairedClient(sim, memoryTokenStore(), { frames });
    await c.send({ kind: 'toggle-hand' });
    await c.send({ kind: 'send-reaction', reaction: 'like' });
    const from = frames.length;
    await c.send({ kind: 'toggle-background-blur' });
    await c.send({ kind: 'send-reaction', reaction: 'wow' }); // a round trip after the blur ack
    expect(frames.slice(from).filter((f) => f.includes('meetingUpdate'))).toEqual([]);
    expect(sim.meeting().isBackgroundBlurred).toBe(true);
  });

  it('merges partial frames and ignores duplicates (one notification per real change)', async () => {
    const sim = await simulator({ deltas: true, duplicates: true });
    const c = await pairedClient(sim, memoryTokenStore());
    const changes: unknown[] = [];
    c.onChange((s) => changes.push(s.meetingState));
    sim.setState({ isHandRaised: true });
    await c.send({ kind: 'send-reaction', reaction: 'love' }); // round trip: both copies are in
    sim.setState({ isSharing: true });
    await c.send({ kind: 'send-reaction', reaction: 'laugh' });
    expect(changes).toHaveLength(2);
    expect(c.snapshot().meetingState).toMatchObject({ isInMeeting: true, isHandRaised: true, isSharing: true, isMuted: false });
    expect(c.snapshot().permissions?.canStopSharing).toBe(true);
  });

  it('stale token: Teams forgot the pairing → token dropped, reconnect without it, pair again offered', async () => {
    const sim = await simulator();
    const store = memoryTokenStore();
    const first = await pairedClient(sim, store);
    const issued = store.token;
    first.stop();
    sim.forgetPairings();
    const c = client(sim, store);
    await c.start();
    const snap = await waitForSnapshot(c, (s) => s.state === 'unpaired' && s.canPair, 'unpaired with canPair');
    expect(snap.detail).toMatch(/no longer accepts the saved pairing/);
    expect(store.token).toBeNull();
    expect(sim.connections.map((k) => k.presentedToken)).toEqual([null, issued, null]);
  });

  it('garbage from Teams is ignored and logged once per kind, never a crash or a change', async () => {
    const sim = await simulator();
    const logs: string[] = [];
    const c = await pairedClient(sim, memoryTokenStore(), { logs });
    const changes: unknown[] = [];
    c.onChange((s) => changes.push(s));
    for (let i = 0; i < 2; i++) for (const raw of ['not json', '[1,2]', '{"meetingUpdate":"x"}', '{"requestId":"a"}', '{"hello":1}', '{"tokenRefresh":42}', '{"meetingUpdate":{"meetingState":{"isMuted":"yes"}}}', '{"meetingUpdate":{"meetingState":{"isMuted":false,"isSpeaking":true,"isVideoOn":1}}}']) sim.sendRaw(raw);
    await c.send({ kind: 'send-reaction', reaction: 'applause' });
    expect(changes).toEqual([]);
    expect(c.snapshot().state).toBe('paired');
    const ignored = logs.filter((l) => l.startsWith('ignored'));
    // Seven kinds of garbage, plus two ignored parts of an otherwise usable frame.
    expect(ignored).toHaveLength(9);
    expect(new Set(ignored).size).toBe(9);
    expect(ignored).toContain('ignored part of a meetingUpdate: unknown field meetingState.isSpeaking');
  });

  it('tokenRefresh at any time is persisted and the connection kept', async () => {
    const sim = await simulator();
    const store = memoryTokenStore();
    const c = await pairedClient(sim, store);
    const [rotated] = sim.rotateToken();
    await store.until((saves) => saves.at(-1) === rotated);
    expect(c.snapshot().state).toBe('paired');
    expect(sim.connections.filter((k) => k.open)).toHaveLength(1);
  });

  it('keeps the worker alive through the host callback, never by sending frames to Teams', async () => {
    const sim = await simulator();
    let calls = 0;
    let reached: () => void = () => undefined;
    const third = new Promise<void>((resolve) => (reached = resolve));
    const c = client(sim, memoryTokenStore(), { keepAliveMs: 5, keepAlive: () => ++calls === 3 && reached() });
    await c.start();
    await third;
    expect(sim.received).toEqual([]);
  });
});

describe('Teams local client when Teams is absent or silent (manual clock, no real waiting)', () => {
  it('port closed → "off", retried 1, 2, 4 … 60 s; reset after a successful connection; retryNow', async () => {
    const port = await freePort();
    const clock = new ManualClock();
    const c = createTeamsLocalSource({ createSocket: wsFactory(), clock, appVersion: '1.2.3', address: `ws://127.0.0.1:${port}`, loadToken: () => Promise.resolve(null), saveToken: () => Promise.resolve(), log: () => undefined });
    cleanups.push(() => c.stop());
    const offAgain = () => waitForSnapshot(c, (s) => s.state === 'off' && c.nextRetryAt() !== null, '"off" with a retry scheduled');
    await c.start();
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      const snap = await offAgain();
      expect(snap.detail).toBe(DETAIL.off);
      const delay = (c.nextRetryAt() ?? 0) - clock.now();
      delays.push(delay);
      clock.advance(delay);
      expect(c.snapshot().state).toBe('connecting');
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);

    // The person clicks retry: connect at once, no waiting.
    await offAgain();
    c.retryNow();
    expect(c.snapshot().state).toBe('connecting');
    await offAgain();
    expect((c.nextRetryAt() ?? 0) - clock.now()).toBe(1_000);

    // Teams appears; the back-off restarts from 1 s only after a connection that stayed up.
    clock.advance(1_000);
    await offAgain();
    clock.advance(2_000);
    await offAgain();
    const sim = await simulator({ port });
    clock.advance((c.nextRetryAt() ?? 0) - clock.now());
    await waitForSnapshot(c, (s) => s.state === 'unpaired', 'connected');
    // Dropped at once: not a working connection, the back-off goes on (8 s after 1, 2 and 4).
    sim.dropConnections();
    await offAgain();
    expect((c.nextRetryAt() ?? 0) - clock.now()).toBe(8_000);
    clock.advance(8_000);
    await waitForSnapshot(c, (s) => s.state === 'unpaired', 'connected again');
    clock.advance(10_000); // it stays up: a successful connection
    sim.dropConnections();
    await offAgain();
    expect((c.nextRetryAt() ?? 0) - clock.now()).toBe(1_000);
  });

  it('a command Teams never answers times out after 5 s with a message', async () => {
    const rig = await startRig('0d3b7a51-8f0e-4d7e-a0a4-2f6c1b9e7d22');
    rig.current().open();
    rig.current().receive({ requestId: 0, response: 'Success' });
    rig.current().receive({ meetingUpdate: { meetingState: { isInMeeting: true, isMuted: false }, meetingPermissions: { canToggleMute: true, canPair: false } } });
    const sending = rig.client.send({ kind: 'toggle-mute' });
    rig.clock.advance(4_999);
    rig.current().receive({ requestId: 99, response: 'Success' }); // someone else's ack changes nothing
    rig.clock.advance(1);
    await expect(sending).rejects.toMatchObject({ code: 'timeout', message: 'Teams did not answer within 5 s (muting or unmuting).' });
  });
});
