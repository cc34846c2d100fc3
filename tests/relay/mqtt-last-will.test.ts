import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMosquitto, watch, type TestBroker } from '../support/mosquitto';
import { register, startRelayProcess } from '../support/relay-process';
import { until } from '../support/until';

let broker: TestBroker;
let dir: string;

beforeAll(async () => {
  broker = await startMosquitto();
  dir = mkdtempSync(join(tmpdir(), 'relay-will-'));
});

afterAll(async () => {
  await broker?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

it('says offline through the Last Will when the relay is killed, and online again when a relay returns', async () => {
  const env = { RELAY_DATA_DIR: dir, MQTT_URL: broker.url, MQTT_PREFIX: 'office/status' };
  const relay = await startRelayProcess(env);
  const w = await watch(broker.url, ['office/status/status', 'homeassistant/device/+/config']);
  try {
    const ada = await register(relay.url, { displayName: 'Will' });
    const put = await fetch(`${relay.url}/api/v1/me/outputs/mqtt`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${ada.token}` }, body: '{"enabled":true}' });
    expect(put.status).toBe(200);
    await until(() => w.last('office/status/status')?.payload === 'online', 'online from the relay');
    const discovery = await until(() => w.last('homeassistant/device/office_status_will/config'), 'discovery under the configured prefix');
    expect(JSON.parse(discovery.payload).state_topic).toBe('office/status/will/state');
    // No goodbye: only the broker's Last Will can say the relay is gone.
    await relay.stop('SIGKILL');
    await until(() => w.last('office/status/status')?.payload === 'offline', 'the Last Will');
    // A late subscriber sees offline as the retained availability.
    const late = await watch(broker.url, ['office/status/status']);
    expect((await until(() => late.last('office/status/status'), 'the retained availability')).payload).toBe('offline');
    await late.close();
    const again = await startRelayProcess(env);
    try {
      await until(() => w.last('office/status/status')?.payload === 'online', 'online from the restarted relay');
    } finally {
      await again.stop();
    }
    // A clean stop says offline itself.
    await until(() => w.last('office/status/status')?.payload === 'offline', 'offline after a clean stop');
  } finally {
    await relay.stop('SIGKILL');
    await w.close();
  }
}, 60_000);
