import { availableParallelism } from 'node:os';
import { DEFAULT_LOCATIONS, type RelayLocations } from './locations';
import { ConfigError, flag, integer, processCount, url, type Env } from './env-readers';
import { isWildcardHost, lanAddress } from './lan-address';
import { teamsBotSettings, type TeamsBotSettings } from './teams-bot-config';

export { ConfigError };

/** Everything the relay reads from its environment, validated once at start. */
export interface RelayConfig {
  /** PORT (8787). 0 picks a free port (tests). */
  port: number;
  /** HOST (127.0.0.1). */
  host: string;
  /**
   * PUBLIC_URL: base of share URLs, without a trailing slash. Default http://HOST:PORT; when
   * HOST is 0.0.0.0 or ::, this machine's LAN address instead (a phone cannot open 0.0.0.0).
   */
  publicUrl: string;
  /** REDIS_URL; null (and no cluster) selects the embedded store. */
  redisUrl: string | null;
  /**
   * REDIS_CLUSTER_NODES: `host:port` seeds of a Redis Cluster (comma-separated); the relay finds
   * the other masters itself. REDIS_PASSWORD is the cluster's password, if it has one.
   */
  redisCluster: { nodes: string[]; password: string | null } | null;
  /** RELAY_WORKERS (1; `auto` = one per core): processes of this replica sharing its port (relay/cluster/); more than 1 needs Redis. */
  workers: number;
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
  connections: {
    /** MAX_CONNECTIONS (10000): open sockets in all; past it a new one gets 503 and is closed. */
    max: number;
    /** MAX_PENDING_PER_IP (20): sockets from one address still sending their first request (429 past it). */
    pendingPerIp: number;
    /** MAX_STREAMS_PER_IP (20): open event streams from one client address (429 past it). */
    streamsPerIp: number;
    /**
     * HTTP2_MAX_CONCURRENT_STREAMS (1000): streams one HTTP/2 connection may have open at once (its
     * SETTINGS_MAX_CONCURRENT_STREAMS); a proxy opens another connection past it.
     */
    http2MaxStreams: number;
    /** HEADERS_TIMEOUT_MS (15000): a request's headers must arrive within this (408). */
    headersTimeoutMs: number;
    /** REQUEST_TIMEOUT_MS (30000): a whole request, body included, must arrive within this (408). */
    requestTimeoutMs: number;
  };
  /** SSE_HEARTBEAT_MS (25000): comment heartbeat interval on event streams (≤ 30 s). */
  sseHeartbeatMs: number;
  /** ORG_STREAM_PING_MS (30000): WebSocket ping interval on the organisation stream; no pong by the next ping → dropped. */
  orgStreamPingMs: number;
  /** ORG_STREAM_MAX_BUFFER (1048576): bytes a stream client may have unsent before it is dropped as too slow. */
  orgStreamMaxBuffer: number;
  /**
   * TRUST_PROXY (0): how many proxies in front of the relay append to X-Forwarded-For; the client
   * address is that many entries from the right. `true` means 1 and `false` 0.
   */
  trustProxy: number;
  /** Files served as built elsewhere (defaults: relay/locations.ts). */
  locations: RelayLocations;
  /** METRICS_PER_PERSON (false): per-person series on /metrics (names people: an operator's choice). */
  metricsPerPerson: boolean;
  /** The home-automation output; null without MQTT_URL. */
  mqtt: MqttConfig | null;
  /** Microsoft Graph, app-only (GRAPH_*); null when GRAPH_TENANT_ID and GRAPH_CLIENT_ID are unset. */
  graph: GraphSettings | null;
  /** The Teams bot channel (TEAMS_APP_ID, BOT_*; relay/teams-bot-config.ts); null without TEAMS_APP_ID. */
  teamsBot: TeamsBotSettings | null;
  jobs: JobSettings;
  /** Notifications (docs/notifications.md). */
  notify: NotifyConfig;
}

export interface MqttConfig {
  /** MQTT_URL: mqtt://, mqtts:// (TLS), ws:// or wss:// (WebSocket) broker address. */
  url: string;
  /** MQTT_USERNAME / MQTT_PASSWORD. */
  username: string | null;
  password: string | null;
  /** MQTT_PREFIX (teams-status): first level of every topic the relay publishes. */
  prefix: string;
  /** MQTT_DISCOVERY_PREFIX (homeassistant): where Home Assistant listens for discovery. */
  discoveryPrefix: string;
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

export interface NotifyConfig {
  /** NOTIFY_ALLOW_PRIVATE_NETWORKS (false): let channels reach loopback/private addresses. */
  allowPrivateNetworks: boolean;
  /** NOTIFY_ALLOW_ADDRESSES (none): comma-separated single addresses let through anyway. */
  allowAddresses: string[];
  /** NOTIFY_DEBOUNCE_SECONDS (15): a rule's change must hold this long before it is sent (flapping). */
  debounceSeconds: number;
  /** NOTIFY_MAX_ATTEMPTS (8): attempts before a delivery is dead. */
  maxAttempts: number;
  /** NOTIFY_RETRY_BASE_MS (2000) and NOTIFY_RETRY_MAX_MS (3600000): exponential backoff with jitter. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** NOTIFY_TIMEOUT_MS (10000): one delivery's deadline, redirects included. */
  timeoutMs: number;
  /** NOTIFY_POLL_MS (1000): how often a replica looks for work it was not woken for. */
  pollMs: number;
  /** NOTIFY_LEASE_MS (60000): a delivery taken by a replica that died is taken again after this. */
  leaseMs: number;
  /** NOTIFY_OUTBOX_SWEEP_MS (600000, at most 3600000): how often a replica looks for notifications a crash left in a cluster's outboxes (and once at start). */
  outboxSweepMs: number;
  /** NOTIFY_VAPID_SUBJECT (PUBLIC_URL when https, else a mailto:): who push services may contact. */
  vapidSubject: string;
}

/** The admin token guards everyone's status: short enough to guess is refused at start. */
export const ADMIN_TOKEN_MIN = 32;

/** A topic level for MQTT_PREFIX and MQTT_DISCOVERY_PREFIX: no wildcards, no slashes at the ends. */
function topicPrefix(env: Env, name: string, fallback: string): string {
  const raw = env[name]?.trim() || fallback;
  if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/.test(raw)) {
    throw new ConfigError(`${name} must be topic levels of letters, digits, "_" or "-" separated by "/", got "${raw}"`);
  }
  return raw;
}

function mqttConfig(env: Env): MqttConfig | null {
  const raw = env.MQTT_URL?.trim();
  const username = env.MQTT_USERNAME?.trim() || null;
  const password = env.MQTT_PASSWORD || null;
  if (!raw) {
    if (username || password) throw new ConfigError('MQTT_USERNAME and MQTT_PASSWORD need MQTT_URL to be set');
    return null;
  }
  const brokerUrl = url('MQTT_URL', raw, ['mqtt:', 'mqtts:', 'ws:', 'wss:']);
  if (password && !username) throw new ConfigError('MQTT_PASSWORD needs MQTT_USERNAME to be set');
  return { url: brokerUrl, username, password, prefix: topicPrefix(env, 'MQTT_PREFIX', 'teams-status'), discoveryPrefix: topicPrefix(env, 'MQTT_DISCOVERY_PREFIX', 'homeassistant') };
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

function clusterNodes(env: Env): RelayConfig['redisCluster'] {
  const raw = env.REDIS_CLUSTER_NODES?.trim();
  if (!raw) return null;
  const nodes = raw.split(',').map((n) => n.trim()).filter(Boolean);
  const bad = nodes.find((n) => !/^[A-Za-z0-9.-]+:\d{1,5}$/.test(n) && !/^\[[0-9a-fA-F:]+\]:\d{1,5}$/.test(n));
  if (bad !== undefined || nodes.length === 0) throw new ConfigError(`REDIS_CLUSTER_NODES must be host:port seeds separated by commas, got "${bad ?? raw}"`);
  return { nodes, password: env.REDIS_PASSWORD || null };
}

function defaultPublicUrl(host: string, port: number, lan: () => string | null): string {
  // Nothing on the network (or a machine without interfaces): this computer is all there is.
  const name = isWildcardHost(host) ? (lan() ?? '127.0.0.1') : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

/**
 * Read and check the environment; throws ConfigError naming the first bad variable. `lan`
 * finds this machine's network address and `cores` counts its cores (tests pass their own).
 */
export function loadConfig(env: Env = process.env, lan: () => string | null = lanAddress, cores = availableParallelism()): RelayConfig {
  const port = integer(env, 'PORT', 8787, 0, 65535);
  const host = env.HOST?.trim() || '127.0.0.1';
  const publicUrl = env.PUBLIC_URL?.trim() ? url('PUBLIC_URL', env.PUBLIC_URL.trim(), ['http:', 'https:']) : defaultPublicUrl(host, port, lan);
  const redisUrl = env.REDIS_URL?.trim() ? url('REDIS_URL', env.REDIS_URL.trim(), ['redis:', 'rediss:']) : null;
  const redisCluster = clusterNodes(env);
  const workers = processCount(env, 'RELAY_WORKERS', cores);
  if (workers > 1 && !redisUrl && !redisCluster) {
    throw new ConfigError(`RELAY_WORKERS (${workers} processes) needs Redis: the embedded store's files belong to one process, which the others could not share; set REDIS_URL (or REDIS_CLUSTER_NODES), or leave RELAY_WORKERS at 1`);
  }
  const adminToken = env.RELAY_ADMIN_TOKEN?.trim() || null;
  if (adminToken !== null && adminToken.length < ADMIN_TOKEN_MIN) {
    throw new ConfigError(
      `RELAY_ADMIN_TOKEN must be at least ${ADMIN_TOKEN_MIN} characters long (it has ${adminToken.length}); it opens the whole organisation, so generate one, e.g. openssl rand -base64 32`,
    );
  }
  const registration = env.RELAY_REGISTRATION?.trim() || 'open';
  if (registration !== 'open' && registration !== 'closed') throw new ConfigError(`RELAY_REGISTRATION must be "open" or "closed", got "${registration}"`);
  if (registration === 'closed' && !adminToken) throw new ConfigError('RELAY_REGISTRATION=closed needs RELAY_ADMIN_TOKEN to be set');
  const trust = env.TRUST_PROXY?.trim() || '0';
  const hops = trust === 'true' ? 1 : trust === 'false' ? 0 : /^\d{1,2}$/.test(trust) ? Number(trust) : NaN;
  if (!(hops >= 0 && hops <= 10)) throw new ConfigError(`TRUST_PROXY must be a number of proxy hops (0 to 10), "true" (1) or "false" (0), got "${trust}"`);
  const headersTimeoutMs = integer(env, 'HEADERS_TIMEOUT_MS', 15_000, 1000, 600_000);
  const requestTimeoutMs = integer(env, 'REQUEST_TIMEOUT_MS', 30_000, 1000, 3_600_000);
  if (headersTimeoutMs > requestTimeoutMs) throw new ConfigError(`HEADERS_TIMEOUT_MS must not exceed REQUEST_TIMEOUT_MS (${headersTimeoutMs} > ${requestTimeoutMs})`);
  const graph = graphSettings(env);
  return {
    port,
    host,
    publicUrl,
    // The contract: when REDIS_CLUSTER_NODES is set, the cluster is used instead of REDIS_URL.
    redisUrl: redisCluster ? null : redisUrl,
    redisCluster,
    workers,
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
    connections: {
      max: integer(env, 'MAX_CONNECTIONS', 10_000, 1, 1_000_000),
      pendingPerIp: integer(env, 'MAX_PENDING_PER_IP', 20, 1, 1_000_000),
      streamsPerIp: integer(env, 'MAX_STREAMS_PER_IP', 20, 1, 1_000_000),
      http2MaxStreams: integer(env, 'HTTP2_MAX_CONCURRENT_STREAMS', 1000, 1, 100_000),
      headersTimeoutMs,
      requestTimeoutMs,
    },
    sseHeartbeatMs: integer(env, 'SSE_HEARTBEAT_MS', 25_000, 10, 30_000),
    orgStreamPingMs: integer(env, 'ORG_STREAM_PING_MS', 30_000, 10, 300_000),
    orgStreamMaxBuffer: integer(env, 'ORG_STREAM_MAX_BUFFER', 1024 * 1024, 1024, 1024 * 1024 * 1024),
    trustProxy: hops,
    locations: {
      assetsDir: env.RELAY_ASSETS_DIR?.trim() || DEFAULT_LOCATIONS.assetsDir,
      widgetFile: env.RELAY_WIDGET_FILE?.trim() || DEFAULT_LOCATIONS.widgetFile,
      extensionZip: env.RELAY_EXTENSION_ZIP?.trim() || DEFAULT_LOCATIONS.extensionZip,
    },
    metricsPerPerson: flag(env, 'METRICS_PER_PERSON'),
    mqtt: mqttConfig(env),
    graph,
    teamsBot: teamsBotSettings(env, graph),
    jobs: {
      calendarMinutes: integer(env, 'CALENDAR_SYNC_MINUTES', 5, 0, 1440),
      presenceSeconds: integer(env, 'PRESENCE_SYNC_SECONDS', 60, 0, 86_400),
      rosterMinutes: integer(env, 'ROSTER_SYNC_MINUTES', 0, 0, 10_080),
      leaseSeconds: integer(env, 'JOB_LEASE_SECONDS', 30, 2, 60),
    },
    notify: {
      allowPrivateNetworks: flag(env, 'NOTIFY_ALLOW_PRIVATE_NETWORKS'),
      allowAddresses: (env.NOTIFY_ALLOW_ADDRESSES ?? '').split(',').map((a) => a.trim()).filter(Boolean),
      debounceSeconds: integer(env, 'NOTIFY_DEBOUNCE_SECONDS', 15, 0, 600),
      maxAttempts: integer(env, 'NOTIFY_MAX_ATTEMPTS', 8, 1, 50),
      retryBaseMs: integer(env, 'NOTIFY_RETRY_BASE_MS', 2000, 1, 3_600_000),
      retryMaxMs: integer(env, 'NOTIFY_RETRY_MAX_MS', 3_600_000, 1, 86_400_000),
      timeoutMs: integer(env, 'NOTIFY_TIMEOUT_MS', 10_000, 100, 120_000),
      pollMs: integer(env, 'NOTIFY_POLL_MS', 1000, 10, 60_000),
      leaseMs: integer(env, 'NOTIFY_LEASE_MS', 60_000, 100, 3_600_000),
      outboxSweepMs: integer(env, 'NOTIFY_OUTBOX_SWEEP_MS', 600_000, 1000, 3_600_000),
      vapidSubject: env.NOTIFY_VAPID_SUBJECT?.trim() || (publicUrl.startsWith('https:') ? publicUrl : 'mailto:notifications@teams-status.invalid'),
    },
  };
}
