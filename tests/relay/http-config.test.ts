import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../relay/config';
import { lanAddress, localUrl } from '../../relay/lan-address';
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

  it('with HOST=0.0.0.0 or :: and no PUBLIC_URL, share links use this machine\'s LAN address', () => {
    const lan = () => '192.168.1.23';
    expect(loadConfig({ HOST: '0.0.0.0', PORT: '9000' }, lan).publicUrl).toBe('http://192.168.1.23:9000');
    expect(loadConfig({ HOST: '::' }, lan).publicUrl).toBe('http://192.168.1.23:8787');
    expect(loadConfig({ HOST: '0.0.0.0', PUBLIC_URL: 'https://status.example.test' }, lan).publicUrl).toBe('https://status.example.test');
    expect(loadConfig({ HOST: '0.0.0.0' }, () => null).publicUrl).toBe('http://127.0.0.1:8787');
    expect(loadConfig({ HOST: '10.0.0.5' }, lan).publicUrl).toBe('http://10.0.0.5:8787');
  });

  it('finds the first non-internal IPv4 among the interfaces', () => {
    const nic = (address: string, family: 'IPv4' | 'IPv6', internal: boolean): NetworkInterfaceInfo =>
      family === 'IPv4' ? { address, family, internal, netmask: '', mac: '', cidr: null } : { address, family, internal, netmask: '', mac: '', cidr: null, scopeid: 0 };
    expect(lanAddress({ lo: [nic('127.0.0.1', 'IPv4', true)], eth0: [nic('fe80::1', 'IPv6', false), nic('192.168.1.23', 'IPv4', false)] })).toBe('192.168.1.23');
    expect(lanAddress({ lo: [nic('127.0.0.1', 'IPv4', true)], eth0: [nic('2001:db8::5', 'IPv6', false)] })).toBe('[2001:db8::5]');
    expect(lanAddress({ lo: [nic('127.0.0.1', 'IPv4', true), nic('::1', 'IPv6', true)] })).toBeNull();
    expect(localUrl('http://0.0.0.0:8787')).toBe('http://127.0.0.1:8787');
    expect(localUrl('http://[::]:8787')).toBe('http://127.0.0.1:8787');
  });

  it('reads REDIS_CLUSTER_NODES (seeds, password), which is used instead of REDIS_URL', () => {
    expect(loadConfig({}).redisCluster).toBeNull();
    const c = loadConfig({ REDIS_CLUSTER_NODES: ' 10.0.0.1:6379, redis-b.internal:7000,[fd00::3]:6379 ', REDIS_PASSWORD: 'pw', REDIS_URL: 'redis://cache:6379' });
    expect(c.redisCluster).toEqual({ nodes: ['10.0.0.1:6379', 'redis-b.internal:7000', '[fd00::3]:6379'], password: 'pw' });
    expect(c.redisUrl).toBeNull();
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'redis://a:6379' })).toThrow(/^REDIS_CLUSTER_NODES must be host:port seeds separated by commas, got "redis:\/\/a:6379"/);
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'a:6379,b' })).toThrow(/got "b"/);
  });

  it('reads the MQTT settings, with their defaults; no MQTT_URL means no MQTT output', () => {
    expect(loadConfig({}).mqtt).toBeNull();
    expect(loadConfig({ MQTT_URL: 'mqtts://broker.example.test:8883' }).mqtt).toEqual({
      url: 'mqtts://broker.example.test:8883',
      username: null,
      password: null,
      prefix: 'teams-status',
      discoveryPrefix: 'homeassistant',
    });
    const ws = loadConfig({ MQTT_URL: 'wss://ha.example.test/mqtt', MQTT_USERNAME: 'relay', MQTT_PASSWORD: 'pw', MQTT_PREFIX: 'office/teams', MQTT_DISCOVERY_PREFIX: 'ha' }).mqtt;
    expect(ws).toEqual({ url: 'wss://ha.example.test/mqtt', username: 'relay', password: 'pw', prefix: 'office/teams', discoveryPrefix: 'ha' });
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
    [{ TRUST_PROXY: 'yes' }, /^TRUST_PROXY must be a number of proxy hops/],
    [{ MQTT_URL: 'http://broker:1883' }, /^MQTT_URL must start with mqtt: or mqtts: or ws: or wss:/],
    [{ MQTT_URL: 'broker:1883' }, /^MQTT_URL must start with/],
    [{ MQTT_USERNAME: 'relay' }, /^MQTT_USERNAME and MQTT_PASSWORD need MQTT_URL/],
    [{ MQTT_URL: 'mqtt://broker', MQTT_PASSWORD: 'secret' }, /^MQTT_PASSWORD needs MQTT_USERNAME/],
    [{ MQTT_URL: 'mqtt://broker', MQTT_PREFIX: 'teams/#' }, /^MQTT_PREFIX must be topic levels/],
    [{ MQTT_URL: 'mqtt://broker', MQTT_DISCOVERY_PREFIX: '/homeassistant' }, /^MQTT_DISCOVERY_PREFIX must be topic levels/],
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
