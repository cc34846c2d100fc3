import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  at: number;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * An outside HTTP receiver on 127.0.0.1 (a webhook endpoint, a Workflows trigger, ntfy, a push
 * service): records every request and answers what `answer` says; waiters resolve on arrivals.
 */
export class FakeReceiver {
  readonly requests: Received[] = [];
  private server: Server | null = null;
  private waiters: { count: number; match: (r: Received) => boolean; resolve: (r: Received[]) => void }[] = [];
  url = '';

  constructor(private answer: (req: Received, all: Received[]) => Reply | Promise<Reply>) {}

  respond(answer: (req: Received, all: Received[]) => Reply | Promise<Reply>): void {
    this.answer = answer;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const received: Received = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks), at: Date.now() };
        this.requests.push(received);
        Promise.resolve(this.answer(received, this.requests))
          .then((reply) => res.writeHead(reply.status, reply.headers).end(reply.body))
          .catch((err: unknown) => res.writeHead(500).end(String(err)))
          .finally(() => this.notify());
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Resolves once `count` requests matching `match` have arrived (counting those already here). */
  waitFor(count: number, match: (r: Received) => boolean = () => true, what = 'requests', timeoutMs = 15_000): Promise<Received[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${count} ${what}; got ${this.requests.filter(match).length}`)), timeoutMs);
      this.waiters.push({ count, match, resolve: (r) => (clearTimeout(timer), resolve(r)) });
      this.notify();
    });
  }

  json<T>(r: Received): T {
    return JSON.parse(r.body.toString('utf8')) as T;
  }

  private notify(): void {
    for (const w of [...this.waiters]) {
      const matching = this.requests.filter(w.match);
      if (matching.length >= w.count) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(matching);
      }
    }
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }
}
