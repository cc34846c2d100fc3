import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { COMMAND_EXPIRY_MS } from '../../core';
import type { RelayMetrics } from '../metrics';
import type { Store, StoreEvent } from '../store/store';
import { HEARTBEAT_FRAME, RETRY_FRAME, SSE_HEADERS } from '../sse/frame';

/** How often a replica repeats how many command streams it holds, so a new MQTT leader learns them. */
export const STREAMS_ANNOUNCE_MS = 20_000;

/**
 * The command streams (GET /api/v1/me/commands) open on this replica. A command event from any
 * replica is written to the newest stream of its person here, by the one replica that claims
 * it first (a person with browsers on two replicas must not toggle twice); opening and closing a stream is
 * announced to every replica (command-streams events) so the MQTT output knows whether anyone
 * could take a command.
 */
export class CommandStreams {
  readonly replica = randomUUID();
  private readonly streams = new Map<string, ServerResponse[]>();
  private readonly unsubscribe: () => void;
  private readonly timers: NodeJS.Timeout[];

  constructor(
    private readonly store: Store,
    private readonly metrics: RelayMetrics,
    heartbeatMs: number,
    private readonly log: (message: string) => void,
  ) {
    this.unsubscribe = store.subscribe((event) => this.onEvent(event));
    this.timers = [setInterval(() => this.beat(), heartbeatMs), setInterval(() => this.announceAll(), STREAMS_ANNOUNCE_MS)];
    for (const t of this.timers) t.unref();
  }

  /** Hold `res` open as a stream of this person's commands. */
  open(userId: string, res: ServerResponse): void {
    res.writeHead(200, SSE_HEADERS);
    res.write(RETRY_FRAME);
    const list = this.streams.get(userId) ?? [];
    list.push(res);
    this.streams.set(userId, list);
    this.metrics.commandStreams.inc();
    res.on('close', () => this.close(userId, res));
    this.announce(userId);
  }

  get connections(): number {
    let n = 0;
    for (const list of this.streams.values()) n += list.length;
    return n;
  }

  /** End every stream (shutdown) and tell the others this replica holds none. */
  closeAll(): void {
    for (const t of this.timers) clearInterval(t);
    this.unsubscribe();
    for (const [userId, list] of [...this.streams]) {
      for (const res of list) res.end();
      this.streams.delete(userId);
      this.announce(userId);
    }
  }

  private close(userId: string, res: ServerResponse): void {
    const list = this.streams.get(userId);
    if (!list?.includes(res)) return;
    this.metrics.commandStreams.dec();
    const rest = list.filter((r) => r !== res);
    if (rest.length) this.streams.set(userId, rest);
    else this.streams.delete(userId);
    this.announce(userId);
  }

  private onEvent(event: StoreEvent): void {
    if (event.type === 'user-deleted') {
      for (const res of this.streams.get(event.userId) ?? []) res.end();
      return;
    }
    if (event.type !== 'command') return;
    if (!this.streams.get(event.userId)?.length) return;
    const frame = `event: command\nid: ${event.id}\ndata: ${JSON.stringify({ id: event.id, action: event.action })}\n\n`;
    // Every replica holding a stream of this person hears the command; the store's counter lets
    // exactly one of them pass it on (the first hit is allowed, every later one is not).
    this.store
      .rateLimit(`command:${event.id}`, 1, COMMAND_EXPIRY_MS)
      .then((claim) => {
        // The newest stream: an older one may belong to a browser that went to sleep.
        const res = this.streams.get(event.userId)?.at(-1);
        if (claim.allowed && res) res.write(frame);
      })
      .catch((err: unknown) => this.log(`commands: could not claim command ${event.id}: ${String(err)}`));
  }

  private announce(userId: string): void {
    const open = this.streams.get(userId)?.length ?? 0;
    this.store.broadcast({ type: 'command-streams', userId, replica: this.replica, open }).catch((err: unknown) => this.log(`commands: could not announce streams: ${String(err)}`));
  }

  private announceAll(): void {
    for (const userId of this.streams.keys()) this.announce(userId);
  }

  private beat(): void {
    for (const list of this.streams.values()) for (const res of list) res.write(HEARTBEAT_FRAME);
  }
}
