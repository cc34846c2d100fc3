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
  /** TRUST_PROXY (false): take the client address from X-Forwarded-For (behind a proxy). */
  trustProxy: boolean;
  /** The home-automation output; null without MQTT_URL. */
  mqtt: MqttConfig | null;
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

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
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

/** Read and check the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env): RelayConfig {
  const port = integer(env, 'PORT', 8787, 0, 65535);
  const host = env.HOST?.trim() || '127.0.0.1';
  const publicUrl = env.PUBLIC_URL?.trim() ? url('PUBLIC_URL', env.PUBLIC_URL.trim(), ['http:', 'https:']) : `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const redisUrl = env.REDIS_URL?.trim() ? url('REDIS_URL', env.REDIS_URL.trim(), ['redis:', 'rediss:']) : null;
  const adminToken = env.RELAY_ADMIN_TOKEN?.trim() || null;
  if (adminToken !== null && adminToken.length < 16) throw new ConfigError('RELAY_ADMIN_TOKEN must be at least 16 characters long');
  const registration = env.RELAY_REGISTRATION?.trim() || 'open';
  if (registration !== 'open' && registration !== 'closed') throw new ConfigError(`RELAY_REGISTRATION must be "open" or "closed", got "${registration}"`);
  if (registration === 'closed' && !adminToken) throw new ConfigError('RELAY_REGISTRATION=closed needs RELAY_ADMIN_TOKEN to be set');
  const trust = env.TRUST_PROXY?.trim() || 'false';
  if (trust !== 'true' && trust !== 'false') throw new ConfigError(`TRUST_PROXY must be "true" or "false", got "${trust}"`);
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
    trustProxy: trust === 'true',
    mqtt: mqttConfig(env),
  };
}
