// What the primary of RELAY_WORKERS and its workers say to each other over the cluster's IPC
// channel. Every type starts with `relay:`, so the channel can carry other libraries' messages.

/** Sent by a worker. */
export type ToPrimary =
  /** Its message listener is in place: a stop sent from now on is heard (one sent sooner may be lost). */
  | { type: 'relay:hello' }
  /** Its server listens (the primary announces the replica once every worker has). */
  | { type: 'relay:listening'; url: string }
  /** It got GET /metrics and wants the whole replica's text. */
  | { type: 'relay:scrape'; id: number }
  /** Its own registry, as prom-client's getMetricsAsJSON gives it, for the primary's `relay:registry?`. */
  | { type: 'relay:registry'; id: number; metrics?: object[]; error?: string };

/** Sent by the primary. */
export type ToWorker =
  /** Stop gracefully, as on SIGTERM (the primary received `signal`). */
  | { type: 'relay:stop'; signal: string }
  /**
   * Send your registry (a scrape is being put together). Only the worker the scrape landed on has
   * `storeSeries`: the series read from the store (people-metrics.ts) are the same for every worker,
   * so one reads them and the others leave them out.
   */
  | { type: 'relay:registry?'; id: number; storeSeries: boolean }
  /** The answer to a worker's `relay:scrape`. */
  | { type: 'relay:scraped'; id: number; text?: string; error?: string };

/** The part of a cluster Worker that `tell` uses. */
export interface Channel {
  isConnected(): boolean;
  send(message: ToWorker, callback: (err: Error | null) => void): boolean;
}

/**
 * Send to a worker, treating a failed send like the worker being gone (`failed` runs). The
 * callback matters: isConnected() can be true while the pipe is already broken, and a send with
 * no callback then emits EPIPE as an 'error' that would crash the primary.
 */
export function tell(worker: Channel, message: ToWorker, failed: () => void): void {
  if (!worker.isConnected()) return failed();
  worker.send(message, (err) => err && failed());
}

export function isRelayMessage<T extends ToPrimary | ToWorker>(message: unknown): message is T {
  return typeof message === 'object' && message !== null && typeof (message as { type?: unknown }).type === 'string' && (message as { type: string }).type.startsWith('relay:');
}

export const describeError = (err: unknown): string => (err instanceof Error ? err.message : String(err));
