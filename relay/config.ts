import { DEFAULT_LOCATIONS, type RelayLocations } from './locations';

/** Everything the relay reads from its environment, validated once at start. */
export interface RelayConfig {
  /** PORT (8787). 0 picks a free port (tests). */
  port: number;
  /** HOST (127.0.0.1). */
  host: string;
  /** PUBLIC_URL: base of share URLs, without a trailing slash (default http://HOST:PORT). */
  publicUrl: string;
  /** REDIS_URL; null selects the embedded store. */
  redisUrl: string | null;
  /** RELAY_DATA_DIR (.data): where the embedded store persists. */
  dataDir: string;
  /** RELAY_ADMIN_TOKEN: guards closed registration and the organisation API. */
  adminToken: string | null;
  /** RELAY_REGISTRATION (open): `closed` requires the admin token to register. */
  registration: 'open' | 'closed';
  /** HISTORY_DAYS (30): how long history entries are kept. */
  historyDays: number;
  rateLimit: {
    /** RATE_LIMIT_WINDOW_MS (60000): the window every limit below counts in. */
    windowMs: number;
    /** RATE_LIMIT_PER_IP (600): requests per window from one client address. */
    perIp: number;
    /** RATE_LIMIT_PER_TOKEN (240): authenticated requests per window for one person. */
    perToken: number;
    /** RATE_LIMIT_REGISTRATIONS (20): registrations per window from one client address. */
    registrations: number;
  };
  /** SSE_HEARTBEAT_MS (25000): comment heartbeat interval on event streams (≤ 30 s). */
  sseHeartbeatMs: number;
  /** ORG_STREAM_PING_MS (30000): WebSocket ping interval on the organisation stream; no pong by the next ping → dropped. */
  orgStreamPingMs: number;
  /** ORG_STREAM_MAX_BUFFER (1048576): bytes a stream client may have unsent before it is dropped as too slow. */
  orgStreamMaxBuffer: number;
  /** TRUST_PROXY (false): take the client address from X-Forwarded-For (behind a proxy). */
  trustProxy: boolean;
  /** Files served as built elsewhere (defaults: relay/locations.ts). */
  locations: RelayLocations;
  /** METRICS_PER_PERSON (false): per-person series on /metrics (names people: an operator's choice). */
  metricsPerPerson: boolean;
  /** Microsoft Graph, app-only (GRAPH_*); null when GRAPH_TENANT_ID and GRAPH_CLIENT_ID are unset. */
  graph: GraphSettings | null;
  jobs: JobSettings;
}

export interface GraphSettings {
  tenantId: string;
  clientId: string;
  /** GRAPH_CLIENT_SECRET, or GRAPH_CLIENT_CERTIFICATE: a PEM file with the private key and its certificate. */
  credential: { kind: 'secret'; secret: string } | { kind: 'certificate'; pemPath: string };
  /** GRAPH_AUTHORITY (https://login.microsoftonline.com), without a trailing slash. */
  authority: string;
  /** GRAPH_BASE_URL (https://graph.microsoft.com), without a trailing slash. */
  baseUrl: string;
  /** GRAPH_MAX_CONCURRENCY (4): Graph HTTP requests in flight at once (Outlook allows 4 per mailbox). */
  maxConcurrency: number;
}

export interface JobSettings {
  /** CALENDAR_SYNC_MINUTES (5; 0 = off). */
  calendarMinutes: number;
  /** PRESENCE_SYNC_SECONDS (60; 0 = off). */
  presenceSeconds: number;
  /** ROSTER_SYNC_MINUTES (0 = off): the roster follows Entra ID users. */
  rosterMinutes: number;
  /** JOB_LEASE_SECONDS (30, at most 60): how long a dead runner keeps its job before another replica takes over. */
  leaseSeconds: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The admin token guards everyone's status: short enough to guess is refused at start. */
export const ADMIN_TOKEN_MIN = 32;

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function flag(env: Env, name: string): boolean {
  const raw = env[name]?.trim() || 'false';
  if (raw !== 'true' && raw !== 'false') throw new ConfigError(`${name} must be "true" or "false", got "${raw}"`);
  return raw === 'true';
}

function url(name: string, raw: string, protocols: string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL, got "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol)) throw new ConfigError(`${name} must start with ${protocols.join(' or ')}//, got "${raw}"`);
  return raw.replace(/\/+$/, '');
}

function graphSettings(env: Env): GraphSettings | null {
  const tenantId = env.GRAPH_TENANT_ID?.trim() ?? '';
  const clientId = env.GRAPH_CLIENT_ID?.trim() ?? '';
  if (!tenantId && !clientId) return null;
  if (!tenantId || !clientId) throw new ConfigError('GRAPH_TENANT_ID and GRAPH_CLIENT_ID go together: set both (or neither, to run without Microsoft Graph)');
  const secret = env.GRAPH_CLIENT_SECRET?.trim() ?? '';
  const pemPath = env.GRAPH_CLIENT_CERTIFICATE?.trim() ?? '';
  if (secret && pemPath) throw new ConfigError('set GRAPH_CLIENT_SECRET or GRAPH_CLIENT_CERTIFICATE, not both');
  if (!secret && !pemPath) throw new ConfigError('Microsoft Graph needs a credential: GRAPH_CLIENT_SECRET or GRAPH_CLIENT_CERTIFICATE (a PEM file with the private key and certificate)');
  return {
    tenantId,
    clientId,
    credential: secret ? { kind: 'secret', secret } : { kind: 'certificate', pemPath },
    authority: url('GRAPH_AUTHORITY', env.GRAPH_AUTHORITY?.trim() || 'https://login.microsoftonline.com', ['https:']),
    baseUrl: url('GRAPH_BASE_URL', env.GRAPH_BASE_URL?.trim() || 'https://graph.microsoft.com', ['https:']),
    maxConcurrency: integer(env, 'GRAPH_MAX_CONCURRENCY', 4, 1, 64),
  };
}

/** Read and check the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env): RelayConfig {
  const port = integer(env, 'PORT', 8787, 0, 65535);
  const host = env.HOST?.trim() || '127.0.0.1';
  const publicUrl = env.PUBLIC_URL?.trim() ? url('PUBLIC_URL', env.PUBLIC_URL.trim(), ['http:', 'https:']) : `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const redisUrl = env.REDIS_URL?.trim() ? url('REDIS_URL', env.REDIS_URL.trim(), ['redis:', 'rediss:']) : null;
  const adminToken = env.RELAY_ADMIN_TOKEN?.trim() || null;
  if (adminToken !== null && adminToken.length < ADMIN_TOKEN_MIN) {
    throw new ConfigError(
      `RELAY_ADMIN_TOKEN must be at least ${ADMIN_TOKEN_MIN} characters long (it has ${adminToken.length}); it opens the whole organisation, so generate one, e.g. openssl rand -base64 32`,
    );
  }
  const registration = env.RELAY_REGISTRATION?.trim() || 'open';
  if (registration !== 'open' && registration !== 'closed') throw new ConfigError(`RELAY_REGISTRATION must be "open" or "closed", got "${registration}"`);
  if (registration === 'closed' && !adminToken) throw new ConfigError('RELAY_REGISTRATION=closed needs RELAY_ADMIN_TOKEN to be set');
  return {
    port,
    host,
    publicUrl,
    redisUrl,
    dataDir: env.RELAY_DATA_DIR?.trim() || '.data',
    adminToken,
    registration,
    historyDays: integer(env, 'HISTORY_DAYS', 30, 1, 3650),
    rateLimit: {
      windowMs: integer(env, 'RATE_LIMIT_WINDOW_MS', 60_000, 1000, 86_400_000),
      perIp: integer(env, 'RATE_LIMIT_PER_IP', 600, 1, 10_000_000),
      perToken: integer(env, 'RATE_LIMIT_PER_TOKEN', 240, 1, 10_000_000),
      registrations: integer(env, 'RATE_LIMIT_REGISTRATIONS', 20, 1, 10_000_000),
    },
    sseHeartbeatMs: integer(env, 'SSE_HEARTBEAT_MS', 25_000, 10, 30_000),
    trustProxy: flag(env, 'TRUST_PROXY'),
    locations: {
      assetsDir: env.RELAY_ASSETS_DIR?.trim() || DEFAULT_LOCATIONS.assetsDir,
      widgetFile: env.RELAY_WIDGET_FILE?.trim() || DEFAULT_LOCATIONS.widgetFile,
      extensionZip: env.RELAY_EXTENSION_ZIP?.trim() || DEFAULT_LOCATIONS.extensionZip,
    },
    metricsPerPerson: flag(env, 'METRICS_PER_PERSON'),
    orgStreamPingMs: integer(env, 'ORG_STREAM_PING_MS', 30_000, 10, 300_000),
    orgStreamMaxBuffer: integer(env, 'ORG_STREAM_MAX_BUFFER', 1024 * 1024, 1024, 1024 * 1024 * 1024),
    graph: graphSettings(env),
    jobs: {
      calendarMinutes: integer(env, 'CALENDAR_SYNC_MINUTES', 5, 0, 1440),
      presenceSeconds: integer(env, 'PRESENCE_SYNC_SECONDS', 60, 0, 86_400),
      rosterMinutes: integer(env, 'ROSTER_SYNC_MINUTES', 0, 0, 10_080),
      leaseSeconds: integer(env, 'JOB_LEASE_SECONDS', 30, 2, 60),
    },
  };
}
