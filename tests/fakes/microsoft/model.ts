import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The Microsoft fake's state and switches, shared by its areas (identity.ts, graph-*.ts).
 * Everything a test may change lives on `MicrosoftState`; each field says what it switches.
 */

/** Entra errors the fake can answer with (see identity.ts for where each one appears). */
export type AadError =
  | 'consent-required' // AADSTS65001 at authorize: the app needs consent nobody gave
  | 'user-consent-blocked' // AADSTS90094 at authorize: the tenant lets only admins consent
  | 'app-disabled' // AADSTS7000112 at authorize: the application is disabled
  | 'redirect-mismatch' // AADSTS50011 error page at authorize: redirect URI not registered
  | 'not-spa'; // AADSTS9002326 at token: redirect registered under "Mobile and desktop", not SPA

export interface Person {
  id: string;
  displayName: string;
  mail: string;
}

export interface Presence {
  availability: string;
  activity: string;
  statusMessage: { content: string; expiryDateTime?: { dateTime: string; timeZone: string } } | null;
}

/** One calendar item (UTC ms); status as Graph's freeBusyStatus. */
export interface CalendarItem {
  start: number;
  end: number;
  status: 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown';
  subject?: string;
  isPrivate?: boolean;
}

export interface TokenGrant {
  scopes: string[];
  clientId: string;
  expiresAt: number;
  /** The resource an app-only token is for (the scope without `/.default`); unset: Graph. */
  audience?: string;
}

export interface MicrosoftState {
  /** The registered application: anything else gets AADSTS700016. */
  clientId: string;
  person: Person;
  presence: Presence;
  calendar: CalendarItem[];
  /** Access token lifetime (Entra: 60–90 min); tests shorten it to see renewal. */
  accessTokenLifetimeS: number;
  /** SPA refresh tokens live 24 h; shorten to see the non-interactive re-auth path. */
  refreshTokenLifetimeS: number;
  /** Answer the next sign-ins with this Entra error (null: none). */
  aadError: AadError | null;
  /** Added to every Graph answer. */
  latencyMs: number;
  /** The next `count` Graph requests answer 429 with `Retry-After: retryAfterS`. */
  throttle: { count: number; retryAfterS: number };
  /** The next `count` Graph requests answer `status` (500, 502, 503, 504). */
  fail: { count: number; status: number };
  /** While true, a browser that signed in once (cookie) gets codes without a click (prompt=none works). */
  sessionAlive: boolean;
  /** Live grants by token; the fake's own, opaque. */
  accessTokens: Map<string, TokenGrant>;
  refreshTokens: Map<string, TokenGrant>;
  /** Every request seen, oldest first: method, path (with query), and the headers tests check. */
  requests: { method: string; path: string; origin: string | undefined; authorization: string | undefined; at: number }[];
  now(): number;
}

export interface FakeRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  body: string;
  state: MicrosoftState;
  /** The origin the fake was reached at (https://host:port), for absolute links it writes. */
  origin: string;
}

/** One endpoint; `area` decides which switches apply (latency, throttling and failures are Graph's; the Bot Connector keeps its own). */
export interface Route {
  method: 'GET' | 'POST' | 'PATCH';
  path: RegExp;
  area: 'identity' | 'graph' | 'bot';
  handle(r: FakeRequest, match: RegExpMatchArray): void | Promise<void>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/** Graph's error envelope: {"error":{"code","message","innerError"}}. */
export function graphError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': 'fake', 'client-request-id': 'fake' } } }, headers);
}
