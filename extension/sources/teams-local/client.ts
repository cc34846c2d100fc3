import type { CallAction, TeamsLocalState } from '../../shared/messages';
import { actionPayload, actionSpec, refusalFor } from './actions';
import { backoffDelay } from './backoff';
import { TeamsConnection } from './connection';
import { TeamsLocalError } from './errors';
import { meansOutOfMeeting, mergePermissions, mergeState } from './meeting-cache';
import { isPlausibleToken } from './protocol';
import type { InboundFrame, MeetingPermissions, MeetingState } from './protocol';
import { PendingRequests } from './requests';
import { realClock } from './runtime';
import type { Clock, TeamsIdentity, TimerHandle } from './runtime';
import type { TeamsLocalSourceOptions } from './options';
import { PairingRequest } from './pairing';
import { DETAIL, detailFor, SnapshotPublisher } from './snapshot';
import type { TeamsLocalSnapshot } from './snapshot';
import { buildConnectUrl, checkAddress, DEFAULT_TEAMS_LOCAL_URL, teamsIdentity } from './url';

export type { TeamsLocalSourceOptions } from './options';

const POST_PAIR_GRACE_MS = 3_000;
const STABLE_MS = 10_000;

/** Client of the Teams desktop third-party app API (protocol 2.0.0). */
export class TeamsLocalSource {
  private readonly clock: Clock;
  private readonly identity: TeamsIdentity;
  private readonly pending: PendingRequests;
  private readonly publisher: SnapshotPublisher;
  private readonly logged = new Set<string>();
  private address: string;
  private token: string | null = null;
  private stopped = true;
  private conn: TeamsConnection | null = null;
  private presentedToken: string | null = null;
  private acked = false;
  private settled = false;
  /** When this connection became usable; it counts as a success only if it then stays up. */
  private settledAt: number | null = null;
  private failures = 0;
  private timers: Record<'retry' | 'connect' | 'postPair', TimerHandle | null> = { retry: null, connect: null, postPair: null };
  private readonly pairing: PairingRequest;
  private note: string | null = null;
  private retryAt: number | null = null;
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly options: TeamsLocalSourceOptions) {
    this.clock = options.clock ?? realClock;
    this.identity = teamsIdentity(options.appVersion);
    this.pending = new PendingRequests(this.clock);
    this.pairing = new PairingRequest(this.clock);
    this.address = options.address ?? DEFAULT_TEAMS_LOCAL_URL;
    this.publisher = new SnapshotPublisher({ state: 'off', canPair: false, detail: DETAIL.stopped, meetingState: null, permissions: null }, (m) => this.log(m));
  }

  snapshot(): TeamsLocalSnapshot {
    return this.publisher.current;
  }

  /** The listener gets a snapshot only when something the person could see changed. */
  onChange(listener: (snapshot: TeamsLocalSnapshot) => void): () => void {
    return this.publisher.subscribe(listener);
  }

  /** When the next reconnect attempt is due (clock ms), or null. */
  nextRetryAt(): number | null {
    return this.retryAt;
  }

  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    let stored: string | null = null;
    try {
      stored = await this.options.loadToken();
    } catch (err) {
      this.log(`could not load the Teams pairing token: ${String(err)}`);
    }
    // Only a token Teams issued is ever presented; anything implausible is ignored.
    this.token = isPlausibleToken(stored) ? stored : null;
    if (!this.stopped) this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.teardown('Stopped.');
    this.update('off', { detail: DETAIL.stopped, meetingState: null, permissions: null });
  }

  /** The person clicked "retry": connect now and forget the back-off. */
  retryNow(): void {
    if (this.stopped || this.conn) return;
    this.failures = 0;
    this.connect();
  }

  setAddress(address: string): void {
    this.address = address;
    if (this.stopped) return;
    this.reconnect('The Teams address changed.');
  }

  /** Ask Teams for a token; the person clicks Allow in Teams. Only while `canPair`. */
  pair(): Promise<void> {
    const { state, canPair } = this.snapshot();
    if (!canPair) {
      const why = state === 'paired' ? 'Already paired with Teams.' : state === 'pairing' ? DETAIL.pairing : DETAIL.pairLater;
      return Promise.reject(new TeamsLocalError('cannot-pair', why));
    }
    const requestId = this.conn?.write({ action: 'pair', parameters: {} }) ?? null;
    if (requestId === null) return Promise.reject(new TeamsLocalError('not-connected', DETAIL.off));
    this.note = null;
    this.update('pairing');
    return this.pairing.begin(requestId, this.options.pairTimeoutMs ?? 120_000, () => this.endPairing(new TeamsLocalError('timeout', DETAIL.pairTimeout)));
  }

  /** Send a call action; resolves on Teams' ack (never waits for an echo: blur is not echoed). */
  send(action: CallAction): Promise<void> {
    const spec = actionSpec(action);
    const refusal = refusalFor(this.snapshot(), this.conn !== null, spec);
    if (refusal) return Promise.reject(refusal);
    const requestId = this.conn?.write(actionPayload(action)) ?? null;
    if (requestId === null) return Promise.reject(new TeamsLocalError('not-connected', 'Teams desktop is not connected.'));
    const timeoutMs = this.options.commandTimeoutMs ?? 5_000;
    return this.pending.track(requestId, spec.what, timeoutMs, `Teams did not answer within ${Math.round(timeoutMs / 1000)} s (${spec.what}).`);
  }

  private connect(): void {
    this.clearTimer('retry');
    this.retryAt = null;
    const problem = checkAddress(this.address);
    if (problem) return this.update('off', { detail: problem, meetingState: null, permissions: null });
    this.presentedToken = this.token;
    this.settled = false;
    this.settledAt = null;
    // A stale-pairing note stays visible while we reconnect without the token.
    this.update('connecting', { detail: this.note, meetingState: null, permissions: null });
    const conn: TeamsConnection = new TeamsConnection(
      buildConnectUrl(this.address, this.identity, this.token),
      { createSocket: this.options.createSocket, clock: this.clock, keepAlive: this.options.keepAlive, keepAliveMs: this.options.keepAliveMs ?? 20_000, log: (m) => this.log(m) },
      { onFrame: (frame) => conn === this.conn && this.handle(frame), onLost: () => conn === this.conn && this.lost() },
    );
    this.conn = conn;
    // Teams answers a connect at once; a port that stays silent is not Teams.
    this.timers.connect = this.clock.setTimeout(() => {
      this.timers.connect = null;
      if (this.settled) return;
      if (this.acked) this.settle();
      else this.lost();
    }, this.options.connectTimeoutMs ?? 10_000);
  }

  private handle(frame: InboundFrame): void {
    switch (frame.kind) {
      case 'unknown':
        return this.logOnce(`ignored a frame from Teams: ${frame.reason}`);
      case 'ack':
        if (this.pairing.owns(frame.requestId)) return; // the token decides, not the ack
        if (this.pending.ack(frame.requestId)) return;
        if (frame.requestId === 0) return this.onConnectAck();
        return this.logOnce('ignored an acknowledgement for a request not in flight');
      case 'error':
        if (this.pairing.isPending(frame.requestId)) return this.endPairing(new TeamsLocalError('rejected', `Teams refused pairing: ${frame.message}`));
        if (!this.pending.fail(frame.requestId, frame.message)) this.logOnce(`ignored an error for a request not in flight: ${frame.message}`);
        return;
      case 'token':
        return this.onToken(frame.token);
      case 'update':
        for (const what of frame.ignored) this.logOnce(`ignored part of a meetingUpdate: ${what}`);
        return this.onUpdate(frame.meetingState, frame.permissions);
    }
  }

  /** `{"requestId":0,"response":"Success"}` only means "connected", not "authorised". */
  private onConnectAck(): void {
    this.acked = true;
  }

  /** Usable once Teams has said what it shares with us (or stayed silent after its ack). */
  private settle(patch: Partial<TeamsLocalSnapshot> = {}): void {
    const state = this.settled ? this.snapshot().state : this.token ? 'paired' : 'unpaired';
    if (!this.settled) this.settledAt = this.clock.now();
    this.settled = true;
    this.clearTimer('connect');
    this.update(state, patch);
  }

  private onUpdate(stateDelta: MeetingState | null, permissionsDelta: MeetingPermissions | null): void {
    this.onConnectAck();
    const cached = this.snapshot();
    let meetingState = stateDelta ? mergeState(cached.meetingState, stateDelta) : cached.meetingState;
    const permissions = permissionsDelta ? mergePermissions(cached.permissions, permissionsDelta) : cached.permissions;
    // A permissions-only frame allowing nothing is Teams' "the meeting is over".
    if (!stateDelta && permissions && meansOutOfMeeting(permissions)) meetingState = null;
    // Stale token: we presented one, Teams offers pairing (so we are in a meeting) yet shares no state.
    if (this.presentedToken && this.token === this.presentedToken && permissions?.canPair === true && !meetingState) return this.dropStaleToken();
    if (meetingState) this.clearTimer('postPair');
    this.settle({ meetingState, permissions });
  }

  private dropStaleToken(): void {
    this.log('Teams ignored the saved pairing token (in a meeting, canPair, no meetingState): dropping it');
    this.token = null;
    this.note = DETAIL.stale;
    this.persist(null);
    // Pair again on a connection without the dead token, as in the captured pairings.
    this.reconnect('Teams no longer accepts the saved pairing.');
  }

  private onToken(token: string): void {
    const fresh = this.token !== token;
    this.token = token;
    this.note = null;
    if (fresh) this.persist(token);
    if (this.pairing.active) return this.endPairing(null);
    if (this.settled && this.snapshot().state === 'unpaired') this.update('paired');
  }

  private endPairing(error: TeamsLocalError | null): void {
    if (!this.pairing.active) return;
    if (error) {
      this.note = error.message;
      this.update('unpaired');
      this.pairing.finish(error);
      return;
    }
    this.update('paired');
    this.pairing.finish(null);
    // The captures prove a new connection with the issued token gets the meeting state;
    // if Teams does not send it on this connection soon, take that proven path.
    this.timers.postPair = this.clock.setTimeout(() => {
      this.timers.postPair = null;
      if (!this.snapshot().meetingState && this.conn) this.reconnect('Reconnecting with the new pairing.');
    }, POST_PAIR_GRACE_MS);
  }

  /** Saves run one after another, so a drop followed by a new token never lands out of order. */
  private persist(token: string | null): void {
    this.saving = this.saving
      .then(() => this.options.saveToken(token))
      .catch((err: unknown) => this.log(`could not save the Teams pairing token: ${String(err)}`));
  }

  private reconnect(reason: string): void {
    this.teardown(reason);
    this.failures = 0;
    this.connect();
  }

  /** Refused, closed or silent: a normal state ("off"), retried with back-off. */
  private lost(): void {
    // The back-off restarts after a connection that worked; one Teams drops at once does not count.
    if (this.settledAt !== null && this.clock.now() - this.settledAt >= STABLE_MS) this.failures = 0;
    this.teardown('The connection to Teams closed before it answered.');
    if (this.stopped) return;
    const delay = backoffDelay(this.failures++);
    this.retryAt = this.clock.now() + delay;
    this.timers.retry = this.clock.setTimeout(() => {
      this.timers.retry = null;
      this.connect();
    }, delay);
    this.update('off', { detail: DETAIL.off, meetingState: null, permissions: null });
  }

  private teardown(reason: string): void {
    this.conn?.close();
    this.conn = null;
    this.acked = false;
    for (const name of ['retry', 'connect', 'postPair'] as const) this.clearTimer(name);
    this.retryAt = null;
    this.pending.rejectAll(reason);
    this.pairing.reset(new TeamsLocalError('closed', `${reason} Pairing did not finish; try again.`));
  }

  private clearTimer(name: 'retry' | 'connect' | 'postPair'): void {
    const handle = this.timers[name];
    if (handle !== null) this.clock.clearTimeout(handle);
    this.timers[name] = null;
  }

  private update(state: TeamsLocalState, patch: Partial<TeamsLocalSnapshot> = {}): void {
    const base = { ...this.snapshot(), ...patch, state };
    const canPair = state === 'unpaired' && base.permissions?.canPair === true;
    const detail = 'detail' in patch ? (patch.detail ?? null) : detailFor(state, canPair, this.note);
    this.publisher.publish({ ...base, canPair, detail });
  }

  private logOnce(message: string): void {
    if (this.logged.has(message)) return;
    this.logged.add(message);
    this.log(message);
  }

  private log(message: string): void {
    (this.options.log ?? ((m: string) => console.warn(`[teams-local] ${m}`)))(message);
  }
}
