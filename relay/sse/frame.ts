import type { PublicView } from '../../core';

/** One SSE `status` event; the id is the record's seq so Last-Event-ID can resume. */
export function statusFrame(view: PublicView): string {
  return `event: status\nid: ${view.seq}\ndata: ${JSON.stringify(view)}\n\n`;
}

/** Response headers of every event stream: no caching or proxy buffering between frames. */
export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
  'X-Content-Type-Options': 'nosniff',
} as const;

export const HEARTBEAT_FRAME = ': heartbeat\n\n';
/** Tells browsers' EventSource how soon to reconnect after a drop. */
export const RETRY_FRAME = 'retry: 3000\n\n';

/** Last-Event-ID as a seq, or null when absent or not a number. */
export function parseLastEventId(header: string | string[] | undefined): number | null {
  const raw = Array.isArray(header) ? header[0] : header;
  if (!raw || !/^\d{1,15}$/.test(raw.trim())) return null;
  return Number(raw.trim());
}

/** Sent before a stream ends because its share was rotated or the person left: do not reconnect. */
export function revokedFrame(reason: 'share-revoked' | 'user-deleted'): string {
  return `event: revoked\ndata: ${JSON.stringify({ reason })}\n\n`;
}

/**
 * The last frame of a stream the relay cut because its viewer had stopped reading (64 KiB
 * unsent): reconnect and catch up with Last-Event-ID, unlike `revoked`.
 */
export const SLOW_READER_FRAME = `event: closing\ndata: ${JSON.stringify({ reason: 'slow-reader' })}\n\n`;
