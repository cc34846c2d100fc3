import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { botConnectorRoutes } from './bot-connector';
import { meRoutes } from './graph-me';
import { scheduleRoutes } from './graph-schedule';
import { identityRoutes } from './identity';
import { orgEventRoutes } from './org-events';
import { orgGraphRoutes } from './org-graph';
import { orgTokenRoutes } from './org-token';
import { teamsGraphRoutes } from './teams-graph';
import { graphError, type MicrosoftState, type Route } from './model';

/**
 * A local HTTPS stand-in for Microsoft identity (login.microsoftonline.com), Graph
 * (graph.microsoft.com) and the Bot Connector for Teams (smba.trafficmanager.net), on one port: paths never collide, so one server answers for
 * either host. Areas live in their own files and add routes to ROUTES (app-only tokens,
 * $batch, getPresencesByUserId or /users paging are new files plus a line here).
 *
 * Switches (all on `fake.state`, see model.ts): `aadError`, `accessTokenLifetimeS`,
 * `refreshTokenLifetimeS`, `sessionAlive`, `latencyMs`, `throttle` {count, retryAfterS},
 * `fail` {count, status}; data: `person`, `presence`, `calendar`; log: `requests`.
 * Latency, throttling and failures apply to Graph routes only (the SDK retries those).
 */

export const MICROSOFT_HOSTS = ['login.microsoftonline.com', 'graph.microsoft.com', 'smba.trafficmanager.net'] as const;

// The app-only token route comes first: it passes the delegated grants on to identity.ts.
const ROUTES: Route[] = [...orgTokenRoutes, ...identityRoutes, ...meRoutes, ...scheduleRoutes, ...orgGraphRoutes, ...orgEventRoutes, ...teamsGraphRoutes, ...botConnectorRoutes];

export interface MicrosoftFake {
  port: number;
  /** PEM of the self-signed certificate (trust it in Node clients: tests/support/trust-fake-tls.ts). */
  cert: string;
  /** https://127.0.0.1:<port> — the authority and Graph base for Node tests. */
  origin: string;
  state: MicrosoftState;
  /** Chromium flags that send the real hostnames to this fake (the rule's port replaces 443). */
  chromiumArgs(): string[];
  close(): Promise<void>;
}

export const FAKE_CLIENT_ID = '11111111-2222-3333-4444-555555555555';

function initialState(now: () => number): MicrosoftState {
  return {
    clientId: FAKE_CLIENT_ID,
    person: { id: '6e7b768e-07e2-4810-8459-485f84f8f204', displayName: 'Ada Lovelace', mail: 'ada@contoso.example' },
    presence: { availability: 'Available', activity: 'Available', statusMessage: null },
    calendar: [],
    accessTokenLifetimeS: 3600,
    refreshTokenLifetimeS: 24 * 3600,
    aadError: null,
    latencyMs: 0,
    throttle: { count: 0, retryAfterS: 1 },
    fail: { count: 0, status: 503 },
    sessionAlive: true,
    accessTokens: new Map(),
    refreshTokens: new Map(),
    requests: [],
    now,
  };
}

export async function startMicrosoftFake(opts: { port?: number; now?: () => number } = {}): Promise<MicrosoftFake> {
  const pems = await generate([{ name: 'commonName', value: MICROSOFT_HOSTS[0] }], {
    keyType: 'ec',
    curve: 'P-256',
    extensions: [{ name: 'subjectAltName', altNames: [...MICROSOFT_HOSTS.map((value) => ({ type: 2 as const, value })), { type: 7, ip: '127.0.0.1' }] }],
  });
  const state = initialState(opts.now ?? (() => Date.now()));
  const server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', `https://${req.headers.host ?? '127.0.0.1'}`);
      const r = { req, res, url, body: Buffer.concat(chunks).toString('utf8'), state, origin: url.origin };
      state.requests.push({ method: req.method ?? 'GET', path: `${url.pathname}${url.search}`, origin: req.headers.origin, authorization: req.headers.authorization, at: state.now() });
      const route = ROUTES.find((x) => x.method === req.method && x.path.test(url.pathname));
      const answer = async () => {
        if (!route) return graphError(res, 404, 'Request_ResourceNotFound', `No fake route for ${req.method} ${url.pathname}.`);
        if (route.area === 'graph') {
          if (state.latencyMs > 0) await new Promise((done) => setTimeout(done, state.latencyMs));
          if (state.throttle.count > 0) {
            state.throttle.count--;
            return graphError(res, 429, 'TooManyRequests', 'Too many requests.', { 'retry-after': String(state.throttle.retryAfterS) });
          }
          if (state.fail.count > 0) {
            state.fail.count--;
            return graphError(res, state.fail.status, state.fail.status === 503 ? 'ServiceUnavailable' : 'InternalServerError', 'The service is temporarily unavailable.');
          }
        }
        await route.handle(r, url.pathname.match(route.path)!);
      };
      answer().catch((err: unknown) => {
        if (!res.headersSent) graphError(res, 500, 'InternalServerError', String(err));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    cert: pems.cert,
    origin: `https://127.0.0.1:${port}`,
    state,
    chromiumArgs: () => [`--host-resolver-rules=${MICROSOFT_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${port}`).join(',')}`, '--ignore-certificate-errors'],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
