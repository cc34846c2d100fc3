import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RelayConfig } from './config';
import type { Deps, Logger } from './http/deps';
import { HttpError } from './http/http-error';
import { enforceLimit } from './http/rate-limit';
import { sendError } from './http/reply';
import { Router } from './http/router';
import { meRoutes } from './http/routes/me';
import { automationRoutes } from './http/routes/me-automation';
import { sourceRoutes } from './http/routes/me-sources';
import { opsRoutes } from './http/routes/ops';
import { pageRoutes } from './http/routes/pages';
import { SHARE_CORS, shareReadRoutes } from './http/routes/share-read';
import { userRoutes } from './http/routes/users';
import { createMetrics, type RelayMetrics } from './metrics';
import { registerPeopleMetrics } from './people-metrics';
import { createServices } from './services/services';
import { SseHub } from './sse/hub';
import { measuredStore } from './store/measured-store';
import { StoreUnavailableError, type Store } from './store/store';

export interface Relay {
  server: Server;
  metrics: RelayMetrics;
  hub: SseHub;
  /** Listen on config.host:config.port (0 = any free port); resolves to the bound base URL. */
  listen(): Promise<string>;
  /** Stop accepting, end SSE streams cleanly, wait for in-flight requests. Leaves the store open. */
  close(): Promise<void>;
}

export interface RelayOptions {
  config: RelayConfig;
  store: Store;
  log?: Logger;
  now?: () => number;
  /** Register Node's default process metrics (the real process does; in-process tests need not). */
  defaultMetrics?: boolean;
  /**
   * More routes on the same server and rate limits (e.g. the organisation API), registered after
   * the built-in ones; `server` is there for WebSocket upgrades. Listen to its 'close' to clean up.
   */
  extend?: (router: Router, deps: Deps, server: Server) => void;
  /** Capabilities the composition root (start.ts) plugs in, each stopped by close() before it resolves. */
  modules?: RelayModule[];
}

/**
 * A capability of the relay (the organisation hub, later jobs): it mounts its routes and
 * upgrades, and its close() runs when the relay shuts down — before the store closes, and while
 * server.close() waits, so an upgraded socket cannot keep the shutdown waiting forever.
 */
export interface RelayModule {
  name: string;
  mount(router: Router, deps: Deps, server: Server): void;
  close(): Promise<void> | void;
}

/** Ops endpoints and static assets are not rate limited: probes and caches must always get through. */
const UNLIMITED = new Set(['/healthz', '/readyz', '/metrics', '/assets/:file', '/widget.js']);

export const consoleLogger: Logger = {
  info: (message, extra) => console.log(JSON.stringify({ level: 'info', message, ...extra })),
  error: (message, extra) => console.error(JSON.stringify({ level: 'error', message, ...extra })),
};

function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = req.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string') return forwarded.split(',')[0]?.trim() || 'unknown';
  return req.socket.remoteAddress ?? 'unknown';
}

/** The relay's HTTP server over a store: routes, SSE fan-out, metrics. */
export function createRelay(options: RelayOptions): Relay {
  const { config } = options;
  const log = options.log ?? consoleLogger;
  const metrics = createMetrics({ defaults: options.defaultMetrics });
  const store = measuredStore(options.store, metrics);
  registerPeopleMetrics(metrics.registry, store, { perPerson: config.metricsPerPerson, now: options.now ?? Date.now });
  const hub = new SseHub(store, metrics, config.sseHeartbeatMs, options.now);
  const now = options.now ?? Date.now;
  const deps: Deps = { config, store, metrics, hub, log, now, services: createServices(store, metrics, now) };
  const router = new Router();
  userRoutes(router, deps);
  sourceRoutes(router, deps);
  meRoutes(router, deps);
  automationRoutes(router, deps);
  shareReadRoutes(router, deps);
  pageRoutes(router, deps);
  opsRoutes(router, deps);
  let closing = false;

  function fail(res: ServerResponse, err: unknown, route: string): void {
    // The client went away mid-request (e.g. while sending its body): nobody to answer, no bug.
    // Ask the response's socket: the request's is null once its body stream was cut short (413).
    if (res.headersSent || !res.socket || res.socket.destroyed) {
      res.destroy();
      return;
    }
    if (err instanceof HttpError) return sendError(res, err.code, err.message, err.field, err.headers);
    if (err instanceof StoreUnavailableError) {
      return sendError(res, 'store_unavailable', 'the store is unavailable; try again shortly', undefined, { 'Retry-After': '5' });
    }
    // The person was deleted while this request was in flight: their token no longer exists.
    if (err instanceof Error && err.name === 'UnknownUserError') return sendError(res, 'unauthorized', 'a valid bearer token is required');
    log.error('unexpected error', { route, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    sendError(res, 'internal', 'something went wrong on our side');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const method = req.method ?? 'GET';
    let route = 'unmatched';
    res.once('close', () => {
      const labels = { method, route, status: String(res.statusCode) };
      metrics.requests.inc(labels);
      if (!route.endsWith('/events')) metrics.latency.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    try {
      if (closing) throw new HttpError('shutting_down', 'the relay is shutting down', undefined, { Connection: 'close' });
      const url = new URL(req.url ?? '/', 'http://relay.invalid');
      const match = router.match(method, url.pathname);
      if (match.kind === 'none') throw new HttpError('not_found', `no route for ${url.pathname.slice(0, 200)}`);
      route = match.pattern;
      if (match.kind === 'method') {
        throw new HttpError('method_not_allowed', `${method} is not allowed here`, undefined, { Allow: match.allow.join(', ') });
      }
      // Share reads are open to every origin, their refusals too: a page must be able to read a 429.
      if (route.startsWith('/api/v1/s/')) for (const [k, v] of Object.entries(SHARE_CORS)) res.setHeader(k, v);
      const ip = clientIp(req, config.trustProxy);
      if (!UNLIMITED.has(route)) await enforceLimit(store, `ip:${ip}`, config.rateLimit.perIp, config.rateLimit.windowMs);
      await match.handler({ req, res, params: match.params, url, ip });
    } catch (err) {
      fail(res, err, route);
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  // Slow senders (slowloris) lose their socket; event streams are unaffected (their request is complete).
  server.headersTimeout = 15_000;
  server.requestTimeout = 30_000;
  const modules = options.modules ?? [];
  for (const module of modules) module.mount(router, deps, server);
  options.extend?.(router, deps, server);
  // Bad framing never reaches a route; answer it plainly instead of dropping the socket.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  return {
    server,
    metrics,
    hub,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          const { port } = server.address() as AddressInfo;
          const host = config.host.includes(':') ? `[${config.host}]` : config.host;
          resolve(`http://${host}:${port}`);
        });
      }),
    async close() {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      hub.closeAll();
      await Promise.all(
        modules.map(async (m) => {
          try {
            await m.close();
          } catch (err) {
            log.error('a relay module failed to close', { module: m.name, error: String(err) });
          }
        }),
      );
      server.closeIdleConnections();
      // In-flight requests get a moment to finish; then the rest are cut.
      const timer = setTimeout(() => server.closeAllConnections(), 5000);
      await closed;
      clearTimeout(timer);
    },
  };
}
