import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CommandStreams } from './commands/command-streams';
import type { RelayConfig } from './config';
import type { Deps, Logger } from './http/deps';
import { clientAddress } from './http/client-address';
import { guardConnections, timeoutCheckIntervalMs } from './http/connection-guard';
import { acceptH2c } from './http/h2c';
import { HttpError } from './http/http-error';
import { addressCounted } from './http/authorise';
import { enforceLimit } from './http/rate-limit';
import { sendError } from './http/reply';
import { Router } from './http/router';
import { commandRoutes } from './http/routes/me-commands';
import { meRoutes } from './http/routes/me';
import { outputRoutes } from './http/routes/me-outputs';
import { automationRoutes } from './http/routes/me-automation';
import { sourceRoutes } from './http/routes/me-sources';
import { opsRoutes } from './http/routes/ops';
import { pageRoutes } from './http/routes/pages';
import { SHARE_CORS, shareReadRoutes } from './http/routes/share-read';
import { userRoutes } from './http/routes/users';
import { createMetrics, type RelayMetrics, type WorkerMetrics } from './metrics';
import { registerPeopleMetrics } from './people-metrics';
import { createServices } from './services/services';
import { SseHub } from './sse/hub';
import { measuredStore } from './store/measured-store';
import { StoreOutageLog } from './store/outage-log';
import { StoreUnavailableError, type Store } from './store/store';

export interface Relay {
  server: Server;
  metrics: RelayMetrics;
  hub: SseHub;
  commands: CommandStreams;
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
  /** Set in a worker of RELAY_WORKERS: /metrics then answers for all the replica's workers. */
  worker?: WorkerMetrics;
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
/** Person routes count the address limit themselves, in the round trip that authenticates (authorise.ts). */
const limitsItself = (route: string) => route === '/api/v1/me' || route.startsWith('/api/v1/me/');

export const consoleLogger: Logger = {
  info: (message, extra) => console.log(JSON.stringify({ level: 'info', message, ...extra })),
  error: (message, extra) => console.error(JSON.stringify({ level: 'error', message, ...extra })),
};

/** The relay's HTTP server over a store: routes, SSE fan-out, metrics. */
export function createRelay(options: RelayOptions): Relay {
  const { config } = options;
  const log = options.log ?? consoleLogger;
  const metrics = createMetrics({ defaults: options.defaultMetrics, worker: options.worker });
  const store = measuredStore(options.store, metrics);
  registerPeopleMetrics(metrics.registry, store, { perPerson: config.metricsPerPerson, now: options.now ?? Date.now });
  const hub = new SseHub(store, metrics, { heartbeatMs: config.sseHeartbeatMs, streamsPerAddress: config.connections.streamsPerIp }, options.now);
  const now = options.now ?? Date.now;
  const commands = new CommandStreams(store, metrics, config.sseHeartbeatMs, (message) => log.error(message));
  const storeOutage = new StoreOutageLog(log, options.store.place);
  const deps: Deps = { config, store, metrics, hub, commands, log, storeOutage, now, services: createServices(store, metrics, now) };
  const router = new Router();
  userRoutes(router, deps);
  sourceRoutes(router, deps);
  meRoutes(router, deps);
  outputRoutes(router, deps);
  commandRoutes(router, deps);
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

  // One labelled child per (method, route, status), made once: no label hashing per request.
  const series = new Map<string, { requests: { inc(): void }; latency: { observe(v: number): void }; timed: boolean }>();
  function seriesOf(method: string, route: string, status: number) {
    const key = `${method} ${route} ${status}`;
    let s = series.get(key);
    if (!s) {
      const labels = { method, route, status: String(status) };
      s = { requests: metrics.requests.labels(labels), latency: metrics.latency.labels(labels), timed: !route.endsWith('/events') && route !== '/api/v1/me/commands' };
      series.set(key, s);
    }
    return s;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const method = req.method ?? 'GET';
    let route = 'unmatched';
    res.once('close', () => {
      const series = seriesOf(method, route, res.statusCode);
      series.requests.inc();
      metrics.workerRequests?.inc();
      if (series.timed) series.latency.observe(Number(process.hrtime.bigint() - started) / 1e9);
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
      const ip = clientAddress(req, config.trustProxy);
      if (!UNLIMITED.has(route) && !limitsItself(route)) {
        await enforceLimit(store, `ip:${ip}`, config.rateLimit.perIp, config.rateLimit.windowMs);
        addressCounted.add(req);
      }
      await match.handler({ req, res, params: match.params, url, ip });
    } catch (err) {
      fail(res, err, route);
    }
  }

  const server = createServer({ connectionsCheckingInterval: timeoutCheckIntervalMs(config) }, (req, res) => void handle(req, res));
  // Slow senders lose their socket at the configured timeouts (event streams are unaffected: their
  // request is complete); bad framing is answered plainly (400/408/431) instead of dropped.
  const guard = guardConnections(server, config, metrics);
  // HTTP/2 with prior knowledge on the same port (proxies multiplex many viewers over few sockets).
  const h2c = acceptH2c(server, config, guard, metrics, (req, res) => void handle(req, res));
  const modules = options.modules ?? [];
  for (const module of modules) module.mount(router, deps, server);
  options.extend?.(router, deps, server);

  return {
    server,
    metrics,
    hub,
    commands,
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
      commands.closeAll();
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
      h2c.close();
      // In-flight requests get a moment to finish; then the rest are cut.
      const timer = setTimeout(() => {
        server.closeAllConnections();
        h2c.destroy();
      }, 5000);
      await closed;
      clearTimeout(timer);
    },
  };
}
