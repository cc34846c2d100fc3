import type { ServerResponse } from 'node:http';
import { resolve } from '../../core';
import type { RelayMetrics } from '../metrics';
import type { Store, StoreEvent } from '../store/store';
import { publicViewOf, shareStateOf, type ShareState } from '../http/views';
import { HEARTBEAT_FRAME, RETRY_FRAME, revokedFrame, SLOW_READER_FRAME, statusFrame } from './frame';

/**
 * A client that stops reading is cut off rather than buffered without bound: at most this much
 * waits in the relay per stream (about a hundred status frames), so 100,000 viewers cannot
 * pin gigabytes. One that was cut is told why (SLOW_READER_FRAME), reconnects and catches up
 * with Last-Event-ID.
 */
const MAX_BUFFERED_BYTES = 64 * 1024;
/** How long a cut stream may take to read its backlog and the reason before its socket is dropped. */
const CUT_GRACE_MS = 5000;
const MAX_TIMER_MS = 2 ** 31 - 1;
/** After a resync, a share whose read fails is tried again this often, this many times (~30 s). */
const REREAD_DELAY_MS = 500;
const REREAD_ATTEMPTS = 60;
/**
 * Heartbeats and a share's updates go out this many streams at a time, yielding to the event
 * loop between slices: a pass over 100,000 streams takes about a second, which must not hold up
 * requests and store replies meanwhile.
 */
export const HEARTBEAT_SLICE = 2_000;

export interface Subscriber {
  res: ServerResponse;
  /** The client address its per-address cap counts against. */
  address: string;
  /** False until the first (current) status has been sent; events wait until then. */
  ready: boolean;
  /** The last status frame this stream was given (a share's update pass skips it when current). */
  sent?: string;
}

interface ShareStreams {
  subscribers: Set<Subscriber>;
  state: ShareState | null;
  lastData: string | null;
  timer: NodeJS.Timeout | null;
  /** An update pass is writing its slices; `again`: a newer frame came meanwhile. */
  pushing: boolean;
  again: boolean;
}

/**
 * Fans store events out to the SSE streams of this replica. A share's public view is computed
 * once per event and written to every subscriber; a timer at the record's next change pushes
 * expiry and staleness transitions that happen without a new report.
 */
export class SseHub {
  private readonly shares = new Map<string, ShareStreams>();
  private readonly unsubscribe: () => void;
  private readonly unsubscribeResync: () => void;
  private readonly heartbeat: NodeJS.Timeout;
  /** Open streams per client address: one address must not hold every file descriptor. */
  private readonly perAddress = new Map<string, number>();
  /** A heartbeat pass is still writing its slices (a very busy relay skips the next beat). */
  private beating = false;
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly metrics: RelayMetrics,
    private readonly limits: { heartbeatMs: number; streamsPerAddress: number },
    private readonly now: () => number = Date.now,
  ) {
    this.unsubscribe = store.subscribe((event) => this.onEvent(event));
    this.unsubscribeResync = store.onResync(() => {
      for (const shareId of this.shares.keys()) void this.reread(shareId);
    });
    this.heartbeat = setInterval(() => this.beat(), limits.heartbeatMs);
    this.heartbeat.unref();
  }

  get connections(): number {
    let n = 0;
    for (const s of this.shares.values()) n += s.subscribers.size;
    return n;
  }

  /**
   * Register a stream before the store is read, so no event can fall between read and attach.
   * Null when `address` already holds its share of streams.
   */
  attach(shareId: string, res: ServerResponse, address: string): Subscriber | null {
    const held = this.perAddress.get(address) ?? 0;
    if (held >= this.limits.streamsPerAddress) return null;
    this.perAddress.set(address, held + 1);
    let streams = this.shares.get(shareId);
    if (!streams) {
      streams = { subscribers: new Set(), state: null, lastData: null, timer: null, pushing: false, again: false };
      this.shares.set(shareId, streams);
    }
    const sub: Subscriber = { res, address, ready: false };
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
    sub.sent = frame;
    sub.ready = true;
  }

  detach(shareId: string, sub: Subscriber): void {
    const streams = this.shares.get(shareId);
    if (!streams || !streams.subscribers.delete(sub)) return;
    this.metrics.openStreams.dec({ transport: 'sse' });
    const held = (this.perAddress.get(sub.address) ?? 1) - 1;
    if (held <= 0) this.perAddress.delete(sub.address);
    else this.perAddress.set(sub.address, held);
    if (streams.subscribers.size === 0) this.drop(shareId, streams);
  }

  /** End every stream (shutdown): clients see a clean end and reconnect elsewhere. */
  closeAll(): void {
    this.closed = true;
    clearInterval(this.heartbeat);
    this.unsubscribe();
    this.unsubscribeResync();
    for (const [shareId, streams] of this.shares) this.endShare(shareId, streams);
  }

  private onEvent(event: StoreEvent): void {
    if (event.type !== 'status' && event.type !== 'share-revoked' && event.type !== 'user-deleted') return;
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

  /**
   * Bring one share's streams up to date from the store after events may have been missed: a
   * share that no longer resolves ends as revoked. The command connection may come back after
   * the subscriber, so a failed read is tried again for a while.
   */
  private async reread(shareId: string, attempt = 0): Promise<void> {
    if (!this.shares.has(shareId)) return;
    try {
      const user = await this.store.getUserByShareId(shareId);
      const streams = this.shares.get(shareId);
      if (!streams) return;
      if (!user) return this.endShare(shareId, streams, revokedFrame('share-revoked'));
      const { record, ...state } = shareStateOf(user, await this.store.getStatusRecord(user.userId));
      this.onEvent({ type: 'status', userId: user.userId, shareId, level: state.level, user: state.user, timeZone: state.timeZone, email: null, record });
    } catch {
      if (attempt < REREAD_ATTEMPTS) setTimeout(() => void this.reread(shareId, attempt + 1), REREAD_DELAY_MS).unref();
    }
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
    if (streams.pushing) streams.again = true;
    else this.pushSlice(shareId, streams, [...streams.subscribers], 0);
  }

  /**
   * Write the share's newest frame to its streams a slice at a time. A frame that changes during
   * the pass is what the later slices write, and a second pass brings the earlier ones up to
   * it: each stream still sees its updates in order, at worst skipping one superseded between.
   */
  private pushSlice(shareId: string, streams: ShareStreams, subs: Subscriber[], from: number): void {
    streams.pushing = true;
    const frame = streams.lastData!;
    const end = Math.min(from + HEARTBEAT_SLICE, subs.length);
    for (let i = from; i < end; i++) {
      const sub = subs[i]!;
      if (!sub.ready || sub.sent === frame || !streams.subscribers.has(sub)) continue;
      sub.sent = frame;
      this.write(shareId, sub, frame);
    }
    if (this.closed || this.shares.get(shareId) !== streams) streams.pushing = false;
    else if (end < subs.length) setImmediate(() => this.pushSlice(shareId, streams, subs, end));
    else if (streams.again) {
      streams.again = false;
      setImmediate(() => this.pushSlice(shareId, streams, [...streams.subscribers], 0));
    } else streams.pushing = false;
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
    if (sub.res.writableLength > MAX_BUFFERED_BYTES) return this.cut(shareId, sub);
    sub.res.write(frame);
  }

  /**
   * A viewer that stopped reading: counted, and told why after what it has not read yet (then
   * it reconnects and catches up with Last-Event-ID, as EventSource does by itself); one that
   * does not read even that within CUT_GRACE_MS is dropped, so it cannot pin memory.
   */
  private cut(shareId: string, sub: Subscriber): void {
    this.metrics.refused.inc({ reason: 'stream_backlog' });
    this.detach(shareId, sub);
    const drop = setTimeout(() => sub.res.destroy(), CUT_GRACE_MS);
    drop.unref();
    sub.res.once('close', () => clearTimeout(drop));
    sub.res.end(SLOW_READER_FRAME);
  }

  private beat(): void {
    if (this.beating) return;
    const shareIds: string[] = [];
    const subs: Subscriber[] = [];
    for (const [shareId, streams] of this.shares)
      for (const sub of streams.subscribers)
        if (sub.ready) {
          shareIds.push(shareId);
          subs.push(sub);
        }
    this.beating = true;
    const slice = (from: number): void => {
      const end = Math.min(from + HEARTBEAT_SLICE, subs.length);
      for (let i = from; i < end; i++) {
        // A stream may have gone (or been cut) since the pass began.
        if (this.shares.get(shareIds[i]!)?.subscribers.has(subs[i]!)) this.write(shareIds[i]!, subs[i]!, HEARTBEAT_FRAME);
      }
      if (end < subs.length && !this.closed) setImmediate(slice, end);
      else this.beating = false;
    };
    slice(0);
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
