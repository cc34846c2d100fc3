import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { opensslPath } from '../support/install';
import { startMosquitto, watch, type TestBroker } from '../support/mosquitto';
import { register, startRelayProcess } from '../support/relay-process';
import { until } from '../support/until';

let broker: TestBroker;
const dir = mkdtempSync(join(tmpdir(), 'relay-mqtt-transports-'));
const certFile = join(dir, 'cert.pem');

beforeAll(async () => {
  // A certificate for 127.0.0.1 that the relay trusts through NODE_EXTRA_CA_CERTS (as a private CA would be).
  execFileSync(opensslPath(), ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  // Mosquitto started as root drops to its own user, which must be able to read the test key.
  chmodSync(dir, 0o755);
  chmodSync(join(dir, 'key.pem'), 0o644);
  broker = await startMosquitto({ websockets: true, tls: { certFile, keyFile: join(dir, 'key.pem') } });
});

afterAll(async () => {
  await broker?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

it.each([
  ['WebSocket (ws://)', () => broker.wsUrl!, {}],
  ['TLS (mqtts://)', () => broker.tlsUrl!, { NODE_EXTRA_CA_CERTS: certFile }],
])('publishes through a %s broker', async (label, brokerUrl, extraEnv) => {
  const prefix = label.startsWith('TLS') ? 'tls' : 'ws';
  const relay = await startRelayProcess({ RELAY_DATA_DIR: join(dir, prefix), MQTT_URL: brokerUrl(), MQTT_PREFIX: prefix, ...extraEnv });
  // Watched over the plain listener: the broker is one, whatever the transport.
  const w = await watch(broker.url, [`${prefix}/#`]);
  try {
    const ada = await register(relay.url, { displayName: 'Ada' });
    const put = await fetch(`${relay.url}/api/v1/me/outputs/mqtt`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${ada.token}` }, body: '{"enabled":true}' });
    expect(put.status).toBe(200);
    await until(() => w.last(`${prefix}/status`)?.payload === 'online', `online over ${label}`);
    const state = await until(() => w.last(`${prefix}/ada/state`), `the state over ${label}`);
    expect(JSON.parse(state.payload).user.displayName).toBe('Ada');
  } finally {
    await w.close();
    await relay.stop();
  }
}, 60_000);

it('logs in with MQTT_USERNAME and MQTT_PASSWORD', async () => {
  const locked = await startMosquitto({ users: { relay: 'relay-secret', ha: 'ha-secret' } });
  const relay = await startRelayProcess({ RELAY_DATA_DIR: join(dir, 'auth'), MQTT_URL: locked.url, MQTT_USERNAME: 'relay', MQTT_PASSWORD: 'relay-secret' });
  try {
    const w = await watch(locked.url, ['teams-status/status'], { username: 'ha', password: 'ha-secret' });
    await until(() => w.last('teams-status/status')?.payload === 'online', 'online from the relay that logged in');
    await w.close();
    // Without the password the broker refuses anyone.
    await expect(watch(locked.url, ['#'])).rejects.toThrow(/Not authorized|Bad username or password/i);
  } finally {
    await relay.stop();
    await locked.dispose();
  }
}, 60_000);
