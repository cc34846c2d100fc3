import type { ServerResponse } from 'node:http';
import { resolve } from '../../core';
import type { RelayMetrics } from '../metrics';
import type { Store, StoreEvent } from '../store/store';
import { publicViewOf, type ShareState } from '../http/views';
import { HEARTBEAT_FRAME, RETRY_FRAME, revokedFrame, statusFrame } from './frame';

/** A client that stops reading is cut off rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 1024 * 1024;
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface Subscriber {
  res: ServerResponse;
  /** False until the first (current) status has been sent; events wait until then. */
  ready: boolean;
}

interface ShareStreams {
  subscribers: Set<Subscriber>;
  state: ShareState | null;
  lastData: string | null;
  timer: NodeJS.Timeout | null;
}

/**
 * Fans store events out to the SSE streams of this replica. A share's public view is computed
 * once per event and written to every subscriber; a timer at the record's next change pushes
 * expiry and staleness transitions that happen without a new report.
 */
export class SseHub {
  private readonly shares = new Map<string, ShareStreams>();
  private readonly unsubscribe: () => void;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    store: Store,
    private readonly metrics: RelayMetrics,
    heartbeatMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.unsubscribe = store.subscribe((event) => this.onEvent(event));
    this.heartbeat = setInterval(() => this.beat(), heartbeatMs);
    this.heartbeat.unref();
  }

  get connections(): number {
    let n = 0;
    for (const s of this.shares.values()) n += s.subscribers.size;
    return n;
  }

  /** Register a stream before the store is read, so no event can fall between read and attach. */
  attach(shareId: string, res: ServerResponse): Subscriber {
    let streams = this.shares.get(shareId);
    if (!streams) {
      streams = { subscribers: new Set(), state: null, lastData: null, timer: null };
      this.shares.set(shareId, streams);
    }
    const sub: Subscriber = { res, ready: false };
    streams.subscribers.add(sub);
    this.metrics.openStreams.inc({ transport: 'sse' });
    res.on('close', () => this.detach(shareId, sub));
    return sub;
  }

  /** Send the current status (unless the client already has that seq) and start streaming. */
  start(shareId: string, sub: Subscriber, read: ShareState, lastEventId: number | null): void {
    const streams = this.shares.get(shareId);
    if (!streams || !streams.subscribers.has(sub)) return;
    if (!streams.state || streams.state.record.seq < read.record.seq) this.remember(shareId, streams, read);
    const view = publicViewOf(streams.state ?? read, this.now());
    const frame = statusFrame(view);
    // The first stream of a share sets the baseline that later re-evaluations compare against.
    streams.lastData ??= frame;
    sub.res.write(RETRY_FRAME);
    if (lastEventId !== view.seq) sub.res.write(frame);
    sub.ready = true;
  }

  detach(shareId: string, sub: Subscriber): void {
    const streams = this.shares.get(shareId);
    if (!streams || !streams.subscribers.delete(sub)) return;
    this.metrics.openStreams.dec({ transport: 'sse' });
    if (streams.subscribers.size === 0) this.drop(shareId, streams);
  }

  /** End every stream (shutdown): clients see a clean end and reconnect elsewhere. */
  closeAll(): void {
    clearInterval(this.heartbeat);
    this.unsubscribe();
    for (const [shareId, streams] of this.shares) this.endShare(shareId, streams);
  }

  private onEvent(event: StoreEvent): void {
    const streams = this.shares.get(event.shareId);
    if (!streams) return;
    if (event.type === 'share-revoked' || event.type === 'user-deleted') {
      this.endShare(event.shareId, streams, revokedFrame(event.type));
      return;
    }
    if (event.type !== 'status') return;
    if (streams.state && streams.state.record.seq > event.record.seq) return;
    this.remember(event.shareId, streams, { user: event.user, level: event.level, timeZone: event.timeZone, record: event.record });
    this.push(event.shareId, streams);
  }

  private remember(shareId: string, streams: ShareStreams, state: ShareState): void {
    streams.state = state;
    this.schedule(shareId, streams);
  }

  private push(shareId: string, streams: ShareStreams): void {
    if (!streams.state) return;
    const frame = statusFrame(publicViewOf(streams.state, this.now()));
    if (frame === streams.lastData) return;
    streams.lastData = frame;
    for (const sub of streams.subscribers) if (sub.ready) this.write(shareId, sub, frame);
  }

  private schedule(shareId: string, streams: ShareStreams): void {
    if (streams.timer) clearTimeout(streams.timer);
    streams.timer = null;
    const state = streams.state;
    if (!state) return;
    const next = resolve(state.record.reports, { nowMs: this.now(), timeZone: state.timeZone ?? undefined, automation: state.record.automation }).nextChangeAt;
    if (!next) return;
    // A few ms past the edge, so the resolver sees the new side of it.
    const delay = Math.min(Math.max(Date.parse(next) - this.now() + 5, 0), MAX_TIMER_MS);
    streams.timer = setTimeout(() => {
      streams.timer = null;
      this.push(shareId, streams);
      this.schedule(shareId, streams);
    }, delay);
    streams.timer.unref();
  }

  private write(shareId: string, sub: Subscriber, frame: string): void {
    if (sub.res.writableLength > MAX_BUFFERED_BYTES) {
      sub.res.destroy();
      this.detach(shareId, sub);
      return;
    }
    sub.res.write(frame);
  }

  private beat(): void {
    for (const [shareId, streams] of this.shares) for (const sub of streams.subscribers) if (sub.ready) this.write(shareId, sub, HEARTBEAT_FRAME);
  }

  private endShare(shareId: string, streams: ShareStreams, lastFrame?: string): void {
    for (const sub of [...streams.subscribers]) {
      if (lastFrame && sub.ready) sub.res.write(lastFrame);
      sub.res.end();
      this.detach(shareId, sub);
    }
    this.drop(shareId, streams);
  }

  private drop(shareId: string, streams: ShareStreams): void {
    if (streams.timer) clearTimeout(streams.timer);
    streams.timer = null;
    if (this.shares.get(shareId) === streams) this.shares.delete(shareId);
  }
}
