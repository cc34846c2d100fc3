import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DETAIL } from '../../extension/sources/teams-local/snapshot';
import { createTeamsLocalSource, toTeamsReport } from '../../extension/sources/teams-local';
import { fakeSocketFactory } from '../fakes/teams-local/fake-socket';
import { waitForSnapshot, wsFactory } from '../fakes/teams-local/harness';
import { ManualClock } from '../fakes/teams-local/manual-clock';
import { startRig } from '../fakes/teams-local/replay';
import type { ReplayRig } from '../fakes/teams-local/replay';

const TOKEN = '0d3b7a51-8f0e-4d7e-a0a4-2f6c1b9e7d22';
const ACK0 = { requestId: 0, response: 'Success' };
const IN_MEETING_PERMS = { canToggleMute: true, canToggleVideo: true, canToggleHand: true, canToggleBlur: false, canLeave: true, canReact: true, canToggleShareTray: true, canToggleChat: true, canStopSharing: false, canPair: true };
const NOTHING = Object.fromEntries(Object.keys(IN_MEETING_PERMS).map((k) => [k, false]));

/** An unpaired client in a meeting, "Pair with Teams" enabled. */
async function unpairedInMeeting(): Promise<ReplayRig> {
  const rig = await startRig(null);
  rig.current().open();
  rig.current().receive(ACK0);
  rig.current().receive({ meetingUpdate: { meetingPermissions: IN_MEETING_PERMS } });
  expect(rig.client.snapshot()).toMatchObject({ state: 'unpaired', canPair: true });
  return rig;
}

describe('pairing edge cases', () => {
  it('Teams refuses the pair request: rejected with its words, back to unpaired', async () => {
    const rig = await unpairedInMeeting();
    const pairing = rig.client.pair();
    rig.current().receive({ requestId: 1, errorMsg: 'Pairing denied' });
    await expect(pairing).rejects.toMatchObject({ code: 'rejected', message: 'Teams refused pairing: Pairing denied' });
    expect(rig.client.snapshot()).toMatchObject({ state: 'unpaired', canPair: true, detail: 'Teams refused pairing: Pairing denied' });
    expect(rig.saved).toEqual([]);
  });

  it('nobody clicks Allow within 2 minutes: timeout; a late Allow still pairs and is saved', async () => {
    const rig = await unpairedInMeeting();
    const pairing = rig.client.pair();
    expect(rig.client.snapshot().state).toBe('pairing');
    await expect(rig.client.pair()).rejects.toMatchObject({ code: 'cannot-pair' });
    rig.clock.advance(120_000);
    await expect(pairing).rejects.toMatchObject({ code: 'timeout' });
    expect(rig.client.snapshot()).toMatchObject({ state: 'unpaired', detail: expect.stringMatching(/not approved in Teams in time/) });
    rig.current().receive({ tokenRefresh: TOKEN });
    rig.current().receive({ requestId: 1, response: 'Success' });
    expect(rig.client.snapshot().state).toBe('paired');
    await new Promise((resolve) => setImmediate(resolve)); // saves are queued on promises
    expect(rig.saved).toEqual([TOKEN]);
    expect(rig.logs).toEqual([]);
  });

  it('Teams closes the connection while pairing: rejected, then "off" with a retry', async () => {
    const rig = await unpairedInMeeting();
    const pairing = rig.client.pair();
    rig.current().drop();
    await expect(pairing).rejects.toMatchObject({ code: 'closed' });
    expect(rig.client.snapshot()).toMatchObject({ state: 'off', detail: DETAIL.off });
    expect(rig.client.nextRetryAt()).toBe(rig.clock.now() + 1_000);
  });
});

describe('connection edge cases', () => {
  it('a stored value that is not a plausible token is never presented', async () => {
    const rig = await startRig('not a token; it has spaces');
    expect(new URL(rig.current().url).searchParams.has('token')).toBe(false);
  });

  it('an unusable address is reported and not retried', async () => {
    const { createSocket, sockets } = fakeSocketFactory();
    const clock = new ManualClock();
    const client = createTeamsLocalSource({ createSocket, clock, appVersion: '1', address: 'http://127.0.0.1:8124', loadToken: () => Promise.resolve(null), saveToken: () => Promise.resolve() });
    await client.start();
    expect(client.snapshot()).toMatchObject({ state: 'off', detail: expect.stringMatching(/must start with ws:\/\//) });
    expect(sockets).toHaveLength(0);
    expect(clock.pending()).toEqual([]);
    client.setAddress('ws://127.0.0.1:9999');
    expect(sockets[0]?.url.startsWith('ws://127.0.0.1:9999?protocol-version=2.0.0&')).toBe(true);
  });

  it('a port that accepts but never answers like Teams is dropped after 10 s and retried', async () => {
    const rig = await startRig(null);
    rig.current().open();
    rig.clock.advance(10_000);
    expect(rig.current().closedByClient).toBe(true);
    expect(rig.client.snapshot().state).toBe('off');
    expect(rig.client.nextRetryAt()).toBe(rig.clock.now() + 1_000);
  });

  it('acked but silent: settles as connected after 10 s', async () => {
    const rig = await startRig(null);
    rig.current().open();
    rig.current().receive(ACK0);
    expect(rig.client.snapshot().state).toBe('connecting');
    rig.clock.advance(10_000);
    expect(rig.client.snapshot()).toMatchObject({ state: 'unpaired', canPair: false });
  });

  it('the keep-alive runs only while the socket is open', async () => {
    let calls = 0;
    const { createSocket, sockets } = fakeSocketFactory();
    const clock = new ManualClock();
    const client = createTeamsLocalSource({ createSocket, clock, appVersion: '1', keepAlive: () => calls++, loadToken: () => Promise.resolve(null), saveToken: () => Promise.resolve() });
    await client.start();
    clock.advance(60_000); // not open yet (and the connect attempt times out meanwhile)
    expect(calls).toBe(0);
    clock.advance(1_000);
    sockets.at(-1)?.open();
    sockets.at(-1)?.receive(ACK0);
    clock.advance(60_000);
    expect(calls).toBe(3);
    sockets.at(-1)?.drop();
    clock.advance(0);
    const after = calls;
    clock.advance(40_000);
    expect(calls).toBe(after);
    client.stop();
    expect(clock.pending()).toEqual([]);
  });
});

describe('meeting edges', () => {
  it('commands are gated: unpaired, or Teams does not allow it → refused locally, nothing sent', async () => {
    const rig = await unpairedInMeeting();
    await expect(rig.client.send({ kind: 'toggle-mute' })).rejects.toMatchObject({ code: 'not-paired' });
    const paired = await startRig(TOKEN);
    paired.current().open();
    paired.current().receive(ACK0);
    paired.current().receive({ meetingUpdate: { meetingState: { isInMeeting: true, isVideoOn: false }, meetingPermissions: { ...IN_MEETING_PERMS, canPair: false } } });
    await expect(paired.client.send({ kind: 'toggle-background-blur' })).rejects.toMatchObject({ code: 'not-permitted', message: 'Teams does not allow toggling background blur right now.' });
    expect(paired.current().sent).toEqual([]);
  });

  it('a permissions-only frame allowing nothing ends the meeting (end of a call)', async () => {
    const rig = await startRig(TOKEN);
    rig.current().open();
    rig.current().receive(ACK0);
    rig.current().receive({ meetingUpdate: { meetingState: { isInMeeting: true, isMuted: true }, meetingPermissions: { ...IN_MEETING_PERMS, canPair: false } } });
    expect(toTeamsReport(rig.client.snapshot(), '2026-11-25T10:00:00Z')?.call).toEqual({ inCall: true, muted: true });
    rig.current().receive({ meetingUpdate: { meetingPermissions: NOTHING } });
    expect(rig.client.snapshot()).toMatchObject({ state: 'paired', meetingState: null });
    expect(toTeamsReport(rig.client.snapshot(), '2026-11-25T10:00:00Z')).toEqual({ observedAt: '2026-11-25T10:00:00Z', call: null });
    expect(rig.saved).toEqual([]);
  });

  it('off and connecting publish no report (unknown is not "not in a call")', async () => {
    const rig = await startRig(null);
    expect(toTeamsReport(rig.client.snapshot(), '2026-11-25T10:00:00Z')).toBeNull();
    rig.current().drop();
    expect(rig.client.snapshot().state).toBe('off');
    expect(toTeamsReport(rig.client.snapshot(), '2026-11-25T10:00:00Z')).toBeNull();
  });

  it('a throwing listener is logged, others still hear the change', async () => {
    const rig = await startRig(null);
    const seen: string[] = [];
    rig.client.onChange(() => {
      throw new Error('boom');
    });
    rig.client.onChange((s) => seen.push(s.state));
    rig.current().drop();
    expect(seen).toEqual(['off']);
    expect(rig.logs.some((l) => l.includes('boom'))).toBe(true);
  });
});

describe('real sockets that hang', () => {
  it('stopping while the WebSocket handshake hangs closes quietly (no unhandled error)', async () => {
    const sockets: Socket[] = [];
    const server = createServer((s) => sockets.push(s)); // accepts TCP, never answers the upgrade
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    let accepted: () => void = () => undefined;
    const connected = new Promise<void>((resolve) => (accepted = resolve));
    server.on('connection', () => accepted());
    const client = createTeamsLocalSource({ createSocket: wsFactory(), appVersion: '1', address: `ws://127.0.0.1:${port}`, loadToken: () => Promise.resolve(null), saveToken: () => Promise.resolve(), log: () => undefined });
    await client.start();
    await connected;
    expect(client.snapshot().state).toBe('connecting');
    client.stop();
    await waitForSnapshot(client, (s) => s.state === 'off');
    await new Promise((resolve) => setImmediate(resolve)); // ws reports the aborted handshake on the next tick
    sockets.forEach((s) => s.destroy());
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
