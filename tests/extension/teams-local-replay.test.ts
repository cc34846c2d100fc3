import { describe, expect, it } from 'vitest';
import { buildConnectUrl, toCallPermissions, toTeamsReport } from '../../extension/sources/teams-local';
import { actionOf, ISSUED_TOKEN, loadCaptures, startRig } from '../fakes/teams-local/replay';
import type { Capture, ReplayRig } from '../fakes/teams-local/replay';

const SAVED_TOKEN = '0d3b7a51-8f0e-4d7e-a0a4-2f6c1b9e7d22'; // a token Teams issued earlier
const captures = loadCaptures();
const tokenPresent = (c: Capture) => c.events.find((e) => e.event === 'connecting')?.tokenPresent === true;
const stateChanges = (c: Capture) => c.events.filter((e) => e.event === 'state-change').length;
const firstUpdate = (c: Capture) => c.messages.find((m) => m.direction === 'in' && 'meetingUpdate' in m.payload)?.payload.meetingUpdate as Record<string, unknown>;
/** Teams' stale-token signal, read from the capture itself. */
const isStale = (c: Capture) => tokenPresent(c) && !('meetingState' in firstUpdate(c)) && (firstUpdate(c).meetingPermissions as { canPair: boolean }).canPair;

interface Outcome {
  rig: ReplayRig;
  /** Settled results of every command the replay sent, in order. */
  results: PromiseSettledResult<void>[];
  /** Snapshot notifications caused by meetingUpdate frames. */
  updateNotifications: number;
}

/** Feed the capture's "in" frames to the client's current socket; perform its "out" frames. */
async function replay(capture: Capture): Promise<Outcome> {
  const rig = await startRig(tokenPresent(capture) ? SAVED_TOKEN : null);
  const commands: Promise<void>[] = [];
  let updateNotifications = 0;
  for (const message of capture.messages) {
    const socket = rig.current();
    if (socket.readyState === 0) socket.open();
    if (message.direction === 'in') {
      const before = rig.changes.length;
      socket.receive(message.payload);
      if ('meetingUpdate' in message.payload) updateNotifications += rig.changes.length - before;
      continue;
    }
    const sentBefore = socket.sent.length;
    commands.push(message.payload.action === 'pair' ? rig.client.pair() : rig.client.send(actionOf(message.payload)));
    // The frame the client wrote is exactly the captured one (action, parameters, requestId).
    expect(socket.sentFrames().slice(sentBefore)).toEqual([message.payload]);
  }
  const results = await Promise.allSettled(commands);
  return { rig, results, updateNotifications };
}

describe('replay of every real Teams capture', () => {
  it('finds the captures next to the repository', () => {
    expect(captures.length).toBeGreaterThanOrEqual(11);
  });

  for (const capture of captures) {
    describe(capture.file, () => {
      it('connects with the captured URL shape, token only when one was issued', async () => {
        const connecting = capture.events.find((e) => e.event === 'connecting');
        expect(buildConnectUrl('ws://127.0.0.1:8124', capture.identity, null)).toBe(connecting?.urlWithoutToken);
        const { rig } = await replay(capture);
        const url = new URL(rig.sockets[0]?.url ?? '');
        expect(url.searchParams.get('token')).toBe(tokenPresent(capture) ? SAVED_TOKEN : null);
        expect(rig.sockets[0]?.url.startsWith('ws://127.0.0.1:8124?protocol-version=2.0.0&manufacturer=Teams+Status&device=Browser&app=Teams+Status&app-version=1.2.3')).toBe(true);
      });

      it('handles every frame: connect ack, no unknown frames, every command answered', async () => {
        const { rig, results } = await replay(capture);
        expect(rig.logs.filter((l) => l.startsWith('ignored'))).toEqual([]);
        expect(rig.client.nextRetryAt()).toBeNull();
        expect(results.map((r) => r.status)).toEqual(results.map(() => 'fulfilled'));
        expect(rig.client.snapshot().state).not.toBe('off');
      });

      it('notifies once per real change (duplicates add nothing)', async () => {
        const { updateNotifications } = await replay(capture);
        // The recorder logged one state-change per real change; unpaired sessions settle once.
        if (isStale(capture)) expect(updateNotifications).toBeGreaterThanOrEqual(1);
        else expect(updateNotifications).toBe(Math.max(stateChanges(capture), 1));
      });

      if (isStale(capture)) {
        it('drops the dead token and reconnects without it', async () => {
          const { rig } = await replay(capture);
          expect(rig.saved).toContain(null);
          expect(rig.sockets.length).toBeGreaterThanOrEqual(2);
          expect(new URL(rig.current().url).searchParams.has('token')).toBe(false);
          // Teams answers the tokenless connection as it does in the captured pairings.
          const socket = rig.current();
          if (socket.readyState === 0) socket.open();
          socket.receive({ requestId: 0, response: 'Success' });
          socket.receive({ meetingUpdate: { meetingPermissions: firstUpdate(capture).meetingPermissions } });
          const snap = rig.client.snapshot();
          expect(snap).toMatchObject({ state: 'unpaired', canPair: true });
          expect(snap.detail).toMatch(/no longer accepts the saved pairing/);
          expect(toTeamsReport(snap, '2026-06-18T02:04:00Z')).toEqual({ observedAt: '2026-06-18T02:04:00Z', call: { inCall: true } });
        });
      }
    });
  }
});

const byMode = (mode: string) => captures.filter((c) => c.mode === mode);
const at = '2026-06-18T02:00:00.000Z';

describe('what the client derives from specific captures', () => {
  it('out of a meeting and unpaired: permissions still arrive, all false; not in a call', async () => {
    const capture = captures.find((c) => !tokenPresent(c) && c.mode === 'observe');
    if (!capture) throw new Error('expected an unpaired observe capture');
    const { rig } = await replay(capture);
    const snap = rig.client.snapshot();
    expect(snap).toMatchObject({ state: 'unpaired', canPair: false, meetingState: null });
    expect(snap.permissions?.canToggleMute).toBe(false);
    expect(toTeamsReport(snap, at)).toEqual({ observedAt: at, call: null });
  });

  it('pairing: canPair means in a meeting, pair → tokenRefresh persisted → paired', async () => {
    expect(byMode('pair').length).toBeGreaterThan(0);
    for (const capture of byMode('pair')) {
      const rig = await startRig(null);
      rig.current().open();
      const [ack, perms] = capture.messages.filter((m) => m.direction === 'in');
      rig.current().receive(ack?.payload);
      rig.current().receive(perms?.payload);
      expect(rig.client.snapshot()).toMatchObject({ state: 'unpaired', canPair: true });
      expect(toTeamsReport(rig.client.snapshot(), at)?.call).toEqual({ inCall: true });
      const { rig: after, results } = await replay(capture);
      expect(results[0]?.status).toBe('fulfilled');
      expect(after.saved).toEqual([ISSUED_TOKEN]);
      expect(after.client.snapshot().state).toBe('paired');
      // No meeting state on the pairing connection: reconnect with the issued token (the captured path).
      after.clock.advance(3_000);
      expect(new URL(after.current().url).searchParams.get('token')).toBe(ISSUED_TOKEN);
    }
  });

  it('paired observe: merged state, report and permissions follow the last frame', async () => {
    const capture = byMode('observe').find((c) => stateChanges(c) > 5);
    if (!capture) throw new Error('expected the long observe capture');
    const { rig } = await replay(capture);
    const snap = rig.client.snapshot();
    expect(snap.state).toBe('paired');
    expect(toTeamsReport(snap, at)).toEqual({ observedAt: at, call: { inCall: true, muted: false, camera: true, handRaised: false, sharing: false, recording: false } });
    expect(toCallPermissions(snap)).toEqual({ toggleMute: true, toggleVideo: true, toggleHand: true, toggleBlur: true, leave: true, react: true });
  });

  it('reactions: five sends, five acks matched by requestId', async () => {
    const [capture] = byMode('reactions');
    if (!capture) throw new Error('expected the reactions capture');
    const { rig, results } = await replay(capture);
    expect(results).toHaveLength(5);
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(rig.current().sentFrames().map((f) => (f as { requestId: number }).requestId)).toEqual([1, 2, 3, 4, 5]);
  });

  it('send: blur resolves on the ack alone; mute acks then echoes', async () => {
    const [blur, mute] = byMode('send');
    if (!blur || !mute) throw new Error('expected two send captures');
    expect((await replay(blur)).results[0]?.status).toBe('fulfilled');
    const { rig } = await replay(mute);
    expect(rig.client.snapshot().meetingState?.isMuted).toBe(true);
  });

  it('an errorMsg in place of the captured ack rejects that command with Teams\' words', async () => {
    const [capture] = byMode('send');
    if (!capture) throw new Error('expected a send capture');
    const failing = { ...capture, messages: capture.messages.map((m) => (m.payload.response === 'Success' && m.payload.requestId === 1 ? { ...m, payload: { requestId: 1, errorMsg: 'no active call' } } : m)) };
    const { results } = await replay(failing);
    expect(results[0]).toMatchObject({ status: 'rejected', reason: { code: 'rejected', message: expect.stringMatching(/no active call/) } });
  });
});
