import { GraphError } from '@microsoft/microsoft-graph-client';
import type { GraphApp } from './graph-app';

/** One request inside `$batch`. */
export interface BatchRequest {
  method: 'GET' | 'POST';
  /** Relative to the version root, e.g. `/users/{id}/calendar/getSchedule`. */
  url: string;
  body?: unknown;
}

/** The final answer to one request: its own status and body (after its own retries). */
export interface BatchAnswer {
  status: number;
  body: unknown;
}

export interface BatchStats {
  /** Items answered 429/503/504 and sent again after their own Retry-After. */
  throttled: number;
}

export interface BatchOptions {
  stats: BatchStats;
  signal?: AbortSignal;
  /** Attempts per item before its last answer is taken as final (default 8). */
  maxAttempts?: number;
}

/** Graph's limit of requests in one `$batch`. */
export const BATCH_SIZE = 20;
const RETRYABLE = new Set([429, 503, 504]);
/** When an answer gives no Retry-After, wait this long (then longer) before sending again. */
const DEFAULT_RETRY_S = 2;

interface Pending {
  index: number;
  attempts: number;
  notBefore: number;
}

interface BatchReply {
  responses?: { id?: string; status?: number; headers?: Record<string, string>; body?: unknown }[];
}

function retryAfterMs(headers: Record<string, string> | undefined, attempts: number): number {
  const raw = Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === 'retry-after')?.[1];
  const seconds = raw === undefined ? NaN : Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = raw === undefined ? NaN : Date.parse(raw);
  if (Number.isFinite(date)) return Math.max(0, date - Date.now());
  return DEFAULT_RETRY_S * 1000 * 2 ** Math.min(attempts - 1, 5);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Send many requests as `$batch`es of 20, up to GRAPH_MAX_CONCURRENCY batches in flight. The
 * SDK's RetryHandler retries a whole batch Graph refused (429 for the HTTP request); items
 * throttled inside a 200 batch are retried here, each after its own Retry-After, in later
 * batches with whatever else is ready. `handle` gets each request's final answer once.
 * A batch Graph keeps failing (after the SDK's retries) answers its items with that status.
 */
export async function sendBatched(graph: GraphApp, requests: readonly BatchRequest[], handle: (index: number, answer: BatchAnswer) => Promise<void> | void, options: BatchOptions): Promise<void> {
  const maxAttempts = options.maxAttempts ?? 8;
  const queue: Pending[] = requests.map((_, index) => ({ index, attempts: 0, notBefore: 0 }));
  // The first failure of a handler (e.g. the run lost its lease) stops every worker.
  let failure: { error: unknown } | null = null;
  let unanswered = requests.length;
  let wake: () => void = () => {};
  let changed = new Promise<void>((r) => (wake = r));
  const notify = () => {
    const w = wake;
    changed = new Promise<void>((r) => (wake = r));
    w();
  };

  // Handlers (the store writes) run beside the workers: the next batch leaves without waiting for them.
  const handling = new Set<Promise<void>>();
  function deliver(index: number, result: BatchAnswer): void {
    const p: Promise<void> = Promise.resolve()
      .then(() => handle(index, result))
      .catch((error: unknown) => void (failure ??= { error }))
      .finally(() => handling.delete(p));
    handling.add(p);
  }

  async function answer(item: Pending, status: number, body: unknown, headers?: Record<string, string>, token?: string): Promise<void> {
    // An item refused for its token (it expired between the batch and the item): renew and resend.
    if (status === 401 && token && item.attempts < maxAttempts) {
      graph.tokens.invalidate(token);
      queue.push({ ...item, notBefore: 0 });
      return;
    }
    if (RETRYABLE.has(status) && item.attempts < maxAttempts) {
      options.stats.throttled++;
      queue.push({ ...item, notBefore: Date.now() + retryAfterMs(headers, item.attempts) });
      return;
    }
    unanswered--;
    deliver(item.index, { status, body });
  }

  async function send(items: Pending[]): Promise<void> {
    for (const item of items) item.attempts++;
    const token = await graph.tokens.getAccessToken();
    let reply: BatchReply;
    try {
      reply = (await graph.client.api('/$batch').post({
        requests: items.map((item) => {
          const r = requests[item.index]!;
          return { id: String(item.index), method: r.method, url: r.url, ...(r.body === undefined ? {} : { body: r.body, headers: { 'Content-Type': 'application/json' } }) };
        }),
      })) as BatchReply;
    } catch (err) {
      const status = err instanceof GraphError ? err.statusCode : 0;
      // A token Graph no longer takes (expired early, revoked): renew it and send the batch again.
      if (status === 401) graph.tokens.invalidate(token);
      const retry = status === 401 || status === 0 || RETRYABLE.has(status) || status >= 500;
      for (const item of items) {
        if (retry && item.attempts < maxAttempts) queue.push({ ...item, notBefore: Date.now() + (status === 401 ? 0 : retryAfterMs(undefined, item.attempts)) });
        else await answer(item, status || 502, { error: { code: 'graph_unavailable', message: err instanceof Error ? err.message : String(err) } });
      }
      return;
    }
    const byId = new Map((reply.responses ?? []).map((r) => [r.id, r]));
    for (const item of items) {
      const r = byId.get(String(item.index));
      if (!r) await answer(item, 502, { error: { code: 'missing_answer', message: 'the batch answer did not include this request' } });
      else await answer(item, r.status ?? 502, r.body, r.headers, token);
    }
  }

  async function worker(): Promise<void> {
    while (unanswered > 0 && !options.signal?.aborted && !failure) {
      const now = Date.now();
      const ready: Pending[] = [];
      for (let i = 0; i < queue.length && ready.length < BATCH_SIZE; ) {
        if (queue[i]!.notBefore <= now) ready.push(...queue.splice(i, 1));
        else i++;
      }
      if (ready.length === 0) {
        const soonest = Math.min(...queue.map((q) => q.notBefore));
        await Promise.race([changed, sleep(Number.isFinite(soonest) ? soonest - now : 60_000, options.signal)]);
        continue;
      }
      try {
        await send(ready);
      } catch (error) {
        failure ??= { error };
      } finally {
        notify();
      }
    }
  }

  const workers = Math.max(1, Math.min(graph.settings.maxConcurrency, Math.ceil(requests.length / BATCH_SIZE)));
  await Promise.all(Array.from({ length: workers }, worker));
  while (handling.size > 0) await Promise.all(handling);
  if (failure) throw (failure as { error: unknown }).error;
  if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted');
}
