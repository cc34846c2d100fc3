import { request as httpsRequest, Agent } from 'node:https';
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

export interface TransportOptions {
  /** Extra CA certificates to trust (PEM); tests trust their local Microsoft fake this way. */
  ca?: string;
  /** Sockets kept open per host: the jobs' concurrency, so no request waits for a handshake. */
  maxSockets?: number;
  /** How long one round trip may take (120 s: Graph's slowest answers). */
  timeoutMs?: number;
}

export interface HttpsTransport {
  /** One HTTPS round trip; the body is read whole (Graph answers are JSON and bounded). */
  fetch(url: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<Response>;
  /** The end of the SDK's middleware chain (in place of its fetch-based HTTPMessageHandler). */
  middleware: Middleware;
  close(): void;
}

const NO_BODY = new Set([204, 205, 304]);

/**
 * Node's https module under the Graph SDK and the token requests: one keep-alive agent (so a
 * job's batches reuse warm connections) and a CA that tests can extend, which the global fetch
 * of Node 20 cannot do per client.
 */
export function createHttpsTransport(options: TransportOptions = {}): HttpsTransport {
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 16, ...(options.ca ? { ca: options.ca } : {}) });
  const timeoutMs = options.timeoutMs ?? 120_000;
  const send: HttpsTransport['fetch'] = (url, init) =>
    new Promise((resolve, reject) => {
      const req = httpsRequest(url, { method: init.method, headers: init.headers, agent, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
          const status = res.statusCode ?? 502;
          resolve(new Response(NO_BODY.has(status) ? null : Buffer.concat(chunks), { status, headers }));
        });
      });
      req.on('timeout', () => req.destroy(new Error(`no answer from ${new URL(url).host} within ${timeoutMs / 1000} s`)));
      req.on('error', reject);
      req.end(init.body);
    });

  const middleware: Middleware = {
    async execute(context: Context) {
      const url = typeof context.request === 'string' ? context.request : context.request.url;
      const opts = context.options ?? {};
      const headers: Record<string, string> = {};
      new Headers(opts.headers as ConstructorParameters<typeof Headers>[0]).forEach((v, k) => (headers[k] = v));
      const body = opts.body === undefined || opts.body === null ? undefined : String(opts.body);
      context.response = await send(url, { method: opts.method ?? 'GET', headers, body });
    },
  };
  return { fetch: send, middleware, close: () => agent.destroy() };
}
