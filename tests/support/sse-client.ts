import { request, type Agent, type IncomingMessage } from 'node:http';
import { createParser, type EventSourceMessage } from 'eventsource-parser';

export interface SseClient {
  response: IncomingMessage;
  /** Resolves with the next event (already received ones first); rejects after timeoutMs. */
  nextEvent(timeoutMs?: number): Promise<EventSourceMessage>;
  /** Resolves with the next comment line (heartbeats). */
  nextComment(timeoutMs?: number): Promise<string>;
  /** Events received and not yet taken. */
  pending(): EventSourceMessage[];
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Items in arrival order, each taken once; a taker waits (up to a timeout) when none is there yet. */
export function queue<T>() {
  const items: T[] = [];
  const waiters: ((v: T) => void)[] = [];
  return {
    items,
    push(v: T) {
      const w = waiters.shift();
      if (w) w(v);
      else items.push(v);
    },
    next(timeoutMs: number, what: string): Promise<T> {
      const v = items.shift();
      if (v !== undefined) return Promise.resolve(v);
      return new Promise<T>((ok, fail) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          fail(new Error(`no ${what} within ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter = (x: T) => {
          clearTimeout(timer);
          ok(x);
        };
        waiters.push(waiter);
      });
    },
  };
}

/** Open an SSE stream with plain node:http (so tests control headers such as Last-Event-ID). */
export function openSse(url: string, headers: Record<string, string> = {}, agent?: Agent): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { Accept: 'text/event-stream', ...headers }, agent }, (res) => {
      const events = queue<EventSourceMessage>();
      const comments = queue<string>();
      const parser = createParser({ onEvent: (e) => events.push(e), onComment: (c) => comments.push(c) });
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => parser.feed(chunk));
      const ended = new Promise<void>((ok) => {
        res.once('end', () => ok());
        res.once('close', () => ok());
      });
      resolve({
        response: res,
        nextEvent: (t = 10_000) => events.next(t, 'event'),
        nextComment: (t = 10_000) => comments.next(t, 'comment'),
        pending: () => [...events.items],
        ended,
        close: () => req.destroy(),
      });
    });
    req.once('error', reject);
    req.end();
  });
}
