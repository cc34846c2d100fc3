import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { ERROR_STATUS } from '../../core';
import type { Deps } from '../http/deps';
import { HttpError } from '../http/http-error';
import { orgResolved } from '../services/status-views';
import type { StoreEvent } from '../store/store';
import { messageOfEvent, snapshotOf, type StreamMessage } from './stream-message';

export const STREAM_PATH = '/api/v1/org/stream';
/** Close codes: the client could not keep up (it may reconnect with ?snapshot=true), the relay is stopping. */
export const CLOSE_TOO_SLOW = 4008;
export const CLOSE_GOING_AWAY = 1001;
/** Users read per page while sending a snapshot. */
const SNAPSHOT_PAGE = 1000;
/** A closing handshake gets this long before the socket is cut. */
const CLOSE_GRACE_MS = 1000;

interface Client {
  ws: WebSocket;
  /** Highest seq sent per user: a change is sent once, and never older than what was sent. */
  sent: Map<string, number>;
  /** Changes that arrive while the snapshot is being sent, delivered right after it. */
  backlog: StreamMessage[] | null;
  alive: boolean;
}

export type Authorise = (req: IncomingMessage, url: URL, ip: string) => Promise<void>;

/**
 * The organisation's WebSocket stream. Every replica serves it from the store's events (Redis
 * pub/sub reaches them all), so a client may connect anywhere. A message is serialised once per
 * change, not once per client. A client whose unsent bytes pass the limit is dropped with
 * CLOSE_TOO_SLOW instead of being buffered for without bound; one that misses a pong is cut.
 */
export class OrgStreamHub {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  private readonly clients = new Set<Client>();
  private readonly unsubscribe: () => void;
  private readonly pinger: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly deps: Deps,
    private readonly authorise: Authorise,
  ) {
    this.unsubscribe = deps.store.subscribe((event) => this.onEvent(event));
    this.pinger = setInterval(() => this.ping(), deps.config.orgStreamPingMs);
    this.pinger.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => void this.upgrade(req, socket, head));
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://relay.invalid');
    try {
      if (this.closed) throw new HttpError('shutting_down', 'the relay is shutting down');
      if (url.pathname !== STREAM_PATH) throw new HttpError('not_found', `no WebSocket at ${url.pathname.slice(0, 200)}`);
      await this.authorise(req, url, req.socket.remoteAddress ?? 'unknown');
    } catch (err) {
      const e = err instanceof HttpError ? err : new HttpError('store_unavailable', 'the store is unavailable; try again shortly');
      return refuse(socket, e);
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => void this.open(ws, url.searchParams.get('snapshot') === 'true'));
  }

  private async open(ws: WebSocket, snapshot: boolean): Promise<void> {
    const client: Client = { ws, sent: new Map(), backlog: snapshot ? [] : null, alive: true };
    this.clients.add(client);
    const { metrics } = this.deps;
    metrics.orgStreamClients.inc();
    ws.on('pong', () => (client.alive = true));
    ws.on('close', () => {
      this.clients.delete(client);
      metrics.orgStreamClients.dec();
    });
    ws.on('error', () => ws.terminate());
    // Clients only listen; anything they send is ignored.
    if (!snapshot) return;
    try {
      await this.sendSnapshot(client);
    } catch {
      return this.drop(client, 1011, 'could not read the snapshot');
    }
    const backlog = client.backlog ?? [];
    client.backlog = null;
    for (const message of backlog) this.deliver(client, message, JSON.stringify(message));
  }

  private async sendSnapshot(client: Client): Promise<void> {
    const { store } = this.deps;
    for (let from = 0; ; from += SNAPSHOT_PAGE) {
      const users = await store.listUsers(from, SNAPSHOT_PAGE);
      const records = await store.getStatusRecords(users.map((u) => u.userId));
      const now = this.deps.now();
      const texts = users.map((user, i) => {
        const record = records[i] ?? null;
        client.sent.set(user.userId, record?.seq ?? 0);
        return JSON.stringify(snapshotOf(user, orgResolved(user, record, now)));
      });
      const last = texts.pop();
      for (const text of texts) client.ws.send(text);
      // Wait for this page to reach the socket before reading the next: backpressure, not memory.
      if (last !== undefined) await new Promise<void>((resolve, reject) => client.ws.send(last, (err) => (err ? reject(err) : resolve())));
      if (client.ws.readyState !== client.ws.OPEN) throw new Error('closed during the snapshot');
      if (users.length < SNAPSHOT_PAGE) return;
    }
  }

  private onEvent(event: StoreEvent): void {
    if (this.clients.size === 0) return;
    let message: StreamMessage;
    if (event.type === 'status') message = messageOfEvent(event, this.deps.now());
    else if (event.type === 'user-deleted') message = { type: 'removed', userId: event.userId };
    else if (event.type === 'people-joined') return void this.announce(event.userIds);
    else return;
    this.send(message);
  }

  private send(message: StreamMessage): void {
    const text = JSON.stringify(message);
    for (const client of this.clients) {
      if (client.backlog) client.backlog.push(message);
      else this.deliver(client, message, text);
    }
  }

  /** People a roster import added: read once per replica and sent as changes, so a board lists them now. */
  private async announce(userIds: readonly string[]): Promise<void> {
    const { store } = this.deps;
    try {
      const [users, records] = await Promise.all([Promise.all(userIds.map((id) => store.getUser(id))), store.getStatusRecords(userIds)]);
      const now = this.deps.now();
      users.forEach((user, i) => {
        if (user) this.send(snapshotOf(user, orgResolved(user, records[i] ?? null, now), 'status'));
      });
    } catch (err) {
      // Boards still get them with their next snapshot (every reconnection asks for one).
      this.deps.log.error('org stream: could not read the people a roster import added', { error: String(err) });
    }
  }

  private deliver(client: Client, message: StreamMessage, text: string): void {
    if (message.type !== 'removed') {
      const seq = message.status.seq;
      if ((client.sent.get(message.userId) ?? -1) >= seq) return;
      client.sent.set(message.userId, seq);
    } else client.sent.delete(message.userId);
    if (client.ws.bufferedAmount > this.deps.config.orgStreamMaxBuffer) return this.drop(client, CLOSE_TOO_SLOW, 'too slow: reconnect with ?snapshot=true');
    client.ws.send(text);
  }

  private ping(): void {
    for (const client of this.clients) {
      if (!client.alive) {
        this.deps.metrics.orgStreamDropped.inc({ reason: 'no_pong' });
        client.ws.terminate();
        this.clients.delete(client);
        continue;
      }
      client.alive = false;
      client.ws.ping();
    }
  }

  private drop(client: Client, code: number, reason: string): void {
    this.deps.metrics.orgStreamDropped.inc({ reason: code === CLOSE_TOO_SLOW ? 'too_slow' : 'error' });
    this.clients.delete(client);
    client.ws.close(code, reason);
    // A client that does not read will not read the close frame either.
    setTimeout(() => client.ws.terminate(), CLOSE_GRACE_MS).unref();
  }

  /** Part of the relay's shutdown: say goodbye to every client, then cut what is left. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pinger);
    this.unsubscribe();
    const open = [...this.clients].map((c) => c.ws);
    for (const ws of open) ws.close(CLOSE_GOING_AWAY, 'relay shutting down');
    await Promise.race([Promise.all(open.map((ws) => new Promise((r) => (ws.readyState === ws.CLOSED ? r(null) : ws.once('close', r))))), new Promise((r) => setTimeout(r, CLOSE_GRACE_MS))]);
    for (const ws of open) ws.terminate();
    this.clients.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

/** An HTTP answer on a socket that asked to upgrade: the same error body as any route. */
function refuse(socket: Duplex, err: HttpError): void {
  const body = JSON.stringify({ error: { code: err.code, message: err.message } });
  const headers = { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close', ...err.headers };
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
  socket.end(`HTTP/1.1 ${ERROR_STATUS[err.code]} ${err.code}\r\n${lines.join('\r\n')}\r\n\r\n${body}`);
}
