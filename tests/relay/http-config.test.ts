import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../relay/config';
import { startRelayProcess } from '../support/relay-process';

describe('relay configuration', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 8787,
      host: '127.0.0.1',
      publicUrl: 'http://127.0.0.1:8787',
      redisUrl: null,
      dataDir: '.data',
      adminToken: null,
      registration: 'open',
      historyDays: 30,
    });
    expect(c.sseHeartbeatMs).toBeLessThanOrEqual(30_000);
  });

  it('reads every variable', () => {
    const c = loadConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      PUBLIC_URL: 'https://status.example.test/',
      REDIS_URL: 'redis://cache:6379',
      RELAY_DATA_DIR: '/var/lib/relay',
      RELAY_ADMIN_TOKEN: 'a-long-admin-token-123-abcdefghijklmnop',
      RELAY_REGISTRATION: 'closed',
      HISTORY_DAYS: '7',
      RATE_LIMIT_PER_IP: '50',
    });
    expect(c).toMatchObject({ port: 9000, host: '0.0.0.0', publicUrl: 'https://status.example.test', redisUrl: 'redis://cache:6379', registration: 'closed', historyDays: 7 });
    expect(c.rateLimit.perIp).toBe(50);
  });

  it.each([
    [{ PORT: 'eighty' }, /^PORT must be a whole number/],
    [{ PORT: '70000' }, /^PORT must be between 0 and 65535/],
    [{ PUBLIC_URL: 'status.example.test' }, /^PUBLIC_URL must be a URL/],
    [{ PUBLIC_URL: 'ftp://status.example.test' }, /^PUBLIC_URL must start with http:/],
    [{ REDIS_URL: 'http://cache:6379' }, /^REDIS_URL must start with redis:/],
    [{ RELAY_REGISTRATION: 'invite' }, /^RELAY_REGISTRATION must be "open" or "closed"/],
    [{ RELAY_REGISTRATION: 'closed' }, /^RELAY_REGISTRATION=closed needs RELAY_ADMIN_TOKEN/],
    [{ RELAY_ADMIN_TOKEN: 'short' }, /^RELAY_ADMIN_TOKEN must be at least 32 characters long \(it has 5\)/],
    [{ HISTORY_DAYS: '0' }, /^HISTORY_DAYS must be between 1/],
    [{ SSE_HEARTBEAT_MS: '60000' }, /^SSE_HEARTBEAT_MS must be between/],
    [{ TRUST_PROXY: 'yes' }, /^TRUST_PROXY must be "true" or "false"/],
  ])('rejects %o naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('the relay process refuses to start with one clear line and exit code 1', { timeout: 60_000 }, async () => {
    await expect(startRelayProcess({ RELAY_REGISTRATION: 'closed' })).rejects.toThrow(
      /exited with 1 before listening:\nrelay: configuration error: RELAY_REGISTRATION=closed needs RELAY_ADMIN_TOKEN to be set\n$/,
    );
  });
});
