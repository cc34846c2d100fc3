import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { startMeetingScript } from './meeting-script';
import { IDLE_STATE, permissionsFor, updateFor } from './meeting-model';
import type { ClientView, FullMeetingState } from './meeting-model';

/** Options of the simulated Teams desktop (third-party app API, protocol 2.0.0). */
export interface TeamsLocalSimulatorOptions {
  /** 0 (default) picks a free port. Real Teams listens on 8124. */
  port?: number;
  host?: string;
  /** Approve every pair request at once, as if the person clicked Allow. */
  autoApprove?: boolean;
  /** 'meeting' loops join, unmute, camera on, share, stop sharing, leave, pause. */
  script?: 'meeting';
  scriptStepMs?: number;
  /** meetingState frames carry only the changed fields. */
  deltas?: boolean;
  /** Every meetingUpdate is sent twice. */
  duplicates?: boolean;
  /** Called with one line per thing that happens (the CLI prints them). */
  log?: (line: string) => void;
}

export interface SimulatorConnection {
  id: number;
  origin: string | null;
  url: string;
  identity: string;
  /** The token in the connect URL, as the client presented it. */
  presentedToken: string | null;
  /** The last token Teams issued on this connection (pairing or tokenRefresh). */
  issuedToken: string | null;
  paired: boolean;
  open: boolean;
}

export interface ReceivedFrame {
  connectionId: number;
  raw: string;
  /** Parsed JSON, or undefined when the frame was not JSON. */
  frame: unknown;
}

interface Live {
  info: SimulatorConnection;
  socket: WebSocket;
  view: ClientView;
  pendingPair: number | null;
}

export interface TeamsLocalSimulator {
  readonly port: number;
  readonly url: string;
  /** Every frame received from clients, in order. */
  readonly received: ReceivedFrame[];
  readonly connections: SimulatorConnection[];
  /** Emits 'connection' (SimulatorConnection), 'frame' (ReceivedFrame), 'pair-request' (connection id). */
  readonly events: EventEmitter;
  readonly behaviour: { deltas: boolean; duplicates: boolean; autoApprove: boolean };
  meeting(): FullMeetingState;
  startMeeting(state?: Partial<FullMeetingState>): void;
  endMeeting(): void;
  /** Change the meeting; `notify: false` changes it without telling clients (yet). */
  setState(partial: Partial<FullMeetingState>, opts?: { notify?: boolean }): void;
  /** Click Allow for every waiting pair request; returns how many were approved. */
  approvePairing(): number;
  /** Issue a new token to every paired connection (`tokenRefresh`); returns them. */
  rotateToken(): string[];
  /** Teams forgets every pairing (tokens become stale). */
  forgetPairings(): void;
  /** Send a raw text frame to every open connection. */
  sendRaw(text: string): void;
  /** Teams quits: close all connections, keep listening. */
  dropConnections(): void;
  close(): Promise<void>;
}

const OK = (requestId: number) => ({ requestId, response: 'Success' });
const FAIL = (requestId: number, errorMsg: string) => ({ requestId, errorMsg });
const REACTIONS = new Set(['like', 'love', 'applause', 'laugh', 'wow']);

export async function startTeamsLocalSimulator(options: TeamsLocalSimulatorOptions = {}): Promise<TeamsLocalSimulator> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => undefined);
  const behaviour = { deltas: options.deltas ?? false, duplicates: options.duplicates ?? false, autoApprove: options.autoApprove ?? false };
  const events = new EventEmitter();
  const received: ReceivedFrame[] = [];
  const connections: SimulatorConnection[] = [];
  const live = new Set<Live>();
  const tokens = new Map<string, string>(); // token → identity tuple it is bound to
  let meeting: FullMeetingState = { ...IDLE_STATE };

  const wss = new WebSocketServer({ port: options.port ?? 0, host });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const port = (wss.address() as AddressInfo).port;

  const send = (c: Live, payload: object) => {
    if (c.socket.readyState === c.socket.OPEN) c.socket.send(JSON.stringify(payload));
  };
  const push = (c: Live, force = false) => {
    const next = updateFor(c.view, meeting, c.info.paired, { deltas: behaviour.deltas && !force, force });
    if (!next) return;
    c.view = next.view;
    send(c, next.frame);
    if (behaviour.duplicates) send(c, next.frame);
  };
  const broadcast = () => {
    for (const c of live) push(c);
  };

  const issueToken = (c: Live): string => {
    const token = randomUUID();
    const previous = c.info.issuedToken ?? c.info.presentedToken;
    if (previous) tokens.delete(previous); // a refreshed token replaces the old one
    tokens.set(token, c.info.identity);
    c.info.paired = true;
    c.info.issuedToken = token;
    send(c, { tokenRefresh: token });
    return token;
  };
  const approve = (c: Live) => {
    if (c.pendingPair === null) return;
    const requestId = c.pendingPair;
    c.pendingPair = null;
    issueToken(c);
    log(`connection ${c.info.id}: pairing approved`);
    send(c, OK(requestId)); // as captured: tokenRefresh first, then the ack
    push(c);
  };

  const act = (c: Live, action: string, parameters: Record<string, unknown>, requestId: number) => {
    if (action === 'pair') {
      if (c.info.paired) return send(c, OK(requestId));
      if (!meeting.isInMeeting) return send(c, FAIL(requestId, 'Pairing is only possible during a meeting'));
      c.pendingPair = requestId;
      log(`connection ${c.info.id}: pair request ${behaviour.autoApprove ? '(auto-approving)' : '(waiting for approval)'}`);
      events.emit('pair-request', c.info.id);
      if (behaviour.autoApprove) setImmediate(() => approve(c));
      return;
    }
    if (!c.info.paired) return send(c, FAIL(requestId, 'Client is not paired'));
    if (!meeting.isInMeeting) return send(c, FAIL(requestId, 'Unable to perform action: no active call'));
    const can = permissionsFor(meeting, true);
    const flip = (key: keyof FullMeetingState) => () => (meeting = { ...meeting, [key]: !meeting[key] });
    const handlers: Record<string, [boolean, () => void]> = {
      'toggle-mute': [can.canToggleMute, flip('isMuted')],
      'toggle-video': [can.canToggleVideo, flip('isVideoOn')],
      'toggle-hand': [can.canToggleHand, flip('isHandRaised')],
      'toggle-background-blur': [can.canToggleBlur, flip('isBackgroundBlurred')],
      'leave-call': [can.canLeave, () => (meeting = { ...IDLE_STATE })],
      'stop-sharing': [can.canStopSharing, () => (meeting = { ...meeting, isSharing: false })],
      'send-reaction': [can.canReact && REACTIONS.has(String(parameters.type)), () => undefined],
      'toggle-ui': [parameters.type === 'chat' ? can.canToggleChat : parameters.type === 'share-tray' && can.canToggleShareTray, () => undefined],
    };
    const handler = handlers[action];
    if (!handler) return send(c, FAIL(requestId, `Unknown action: ${action}`));
    if (!handler[0]) return send(c, FAIL(requestId, `Action not permitted: ${action}`));
    send(c, OK(requestId)); // the ack comes before the echo
    handler[1]();
    log(`connection ${c.info.id}: ${action} ${JSON.stringify(parameters)}`);
    // Blur is acknowledged but not echoed (captured); it shows up in the next frame that is sent.
    // Reactions and UI toggles change no state, so nothing follows their ack either.
    if (!['toggle-background-blur', 'send-reaction', 'toggle-ui'].includes(action)) broadcast();
  };

  wss.on('connection', (socket, request) => {
    const url = new URL(request.url ?? '/', `ws://${host}`);
    const q = url.searchParams;
    const identity = ['manufacturer', 'device', 'app', 'app-version'].map((k) => q.get(k) ?? '').join('|');
    const token = q.get('token');
    const valid = token !== null && tokens.get(token) === identity;
    // Captured: a bogus token was seen to revoke a valid pairing of the same app.
    if (token !== null && !valid) for (const [t, id] of tokens) if (id === identity) tokens.delete(t);
    const info: SimulatorConnection = { id: connections.length + 1, origin: request.headers.origin ?? null, url: request.url ?? '', identity, presentedToken: token, issuedToken: null, paired: valid, open: true };
    connections.push(info);
    const c: Live = { info, socket, view: { state: null, permissions: null }, pendingPair: null };
    live.add(c);
    log(`connection ${info.id} from ${info.origin ?? 'no origin'}: ${token === null ? 'no token' : valid ? 'paired token' : 'unknown token'}`);
    events.emit('connection', info);
    socket.on('message', (data, isBinary) => {
      const raw = isBinary ? '<binary>' : data.toString();
      let frame: unknown;
      try {
        frame = JSON.parse(raw);
      } catch {
        frame = undefined;
      }
      const entry = { connectionId: info.id, raw, frame };
      received.push(entry);
      events.emit('frame', entry);
      const f = frame as { action?: unknown; parameters?: unknown; requestId?: unknown } | undefined;
      if (!f || typeof f.requestId !== 'number') return; // Teams ignores what it cannot read
      if (typeof f.action !== 'string') return send(c, FAIL(f.requestId, 'Invalid request'));
      act(c, f.action, typeof f.parameters === 'object' && f.parameters ? (f.parameters as Record<string, unknown>) : {}, f.requestId);
    });
    // A client that vanishes mid-frame (ECONNRESET) is normal for Teams; never crash on it.
    socket.on('error', (err) => log(`connection ${info.id}: ${err.message}`));
    socket.on('close', () => {
      info.open = false;
      live.delete(c);
    });
    send(c, OK(0));
    push(c, true);
  });

  const stopScript = options.script === 'meeting' ? startMeetingScript({ stepMs: options.scriptStepMs ?? 4_000, log, setState: (p) => sim.setState(p) }) : () => undefined;

  const sim: TeamsLocalSimulator = {
    port,
    url: `ws://${host}:${port}`,
    received,
    connections,
    events,
    behaviour,
    meeting: () => ({ ...meeting }),
    startMeeting: (state = {}) => sim.setState({ ...IDLE_STATE, ...state, isInMeeting: true }),
    endMeeting: () => sim.setState({ ...IDLE_STATE }),
    setState: (partial, opts = {}) => {
      meeting = partial.isInMeeting === false ? { ...IDLE_STATE } : { ...meeting, ...partial };
      if (opts.notify !== false) broadcast();
    },
    approvePairing: () => {
      const waiting = [...live].filter((c) => c.pendingPair !== null);
      waiting.forEach(approve);
      return waiting.length;
    },
    rotateToken: () => [...live].filter((c) => c.info.paired).map(issueToken),
    forgetPairings: () => tokens.clear(),
    sendRaw: (text) => {
      for (const c of live) if (c.socket.readyState === c.socket.OPEN) c.socket.send(text);
    },
    dropConnections: () => {
      for (const c of live) c.socket.terminate();
    },
    close: async () => {
      stopScript();
      for (const c of live) c.socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
  return sim;
}
