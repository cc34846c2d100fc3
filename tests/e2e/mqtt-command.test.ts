import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MqttView, PopupState } from '../../extension/shared/messages';
import { loadConfig } from '../../relay/config';
import { startRelay, type RunningRelay } from '../../relay/start';
import { startTeamsLocalSimulator, type TeamsLocalSimulator } from '../fakes/teams-local/simulator';
import { launchWithExtension, type ExtensionBrowser } from '../support/extension';
import { startMosquitto, watch, type TestBroker } from '../support/mosquitto';
import { quietLogger } from '../support/relay-process';
import { until } from '../support/until';

/*
 * A Home Assistant button press, end to end: a real Mosquitto, the relay with its MQTT output,
 * the built extension in real Chromium holding its command stream, and the Teams desktop
 * simulator that carries out the mute. Only Teams is simulated.
 */

let broker: TestBroker;
let relay: RunningRelay;
let sim: TeamsLocalSimulator;
let ext: ExtensionBrowser;
const dataDir = mkdtempSync(join(tmpdir(), 'e2e-mqtt-'));

async function ok<T extends object = Record<string, unknown>>(type: string, payload: unknown): Promise<T> {
  const reply = await ext.message<{ ok: boolean; error?: string }>(type, payload);
  if (!reply.ok) throw new Error(`${type}: ${reply.error}`);
  return reply as T;
}

const popupState = async () => (await ok<{ state: PopupState }>('getState', null)).state;

beforeAll(async () => {
  broker = await startMosquitto();
  relay = await startRelay(loadConfig({ PORT: '0', RELAY_DATA_DIR: dataDir, MQTT_URL: broker.url }), { log: quietLogger });
  sim = await startTeamsLocalSimulator({ autoApprove: true });
  ext = await launchWithExtension();
  await ok('saveSettings', { teamsLocalUrl: sim.url, teamsLocalEnabled: true });
  await ok('connectRelay', { relayUrl: relay.url, displayName: 'Grace Hopper' });
});

afterAll(async () => {
  await ext?.close();
  await sim?.close();
  await relay?.stop();
  await broker?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

it('a Home Assistant mute button reaches Teams through the extension, and the answer comes back', async () => {
  const w = await watch(broker.url, ['teams-status/grace-hopper/#']);
  try {
    const { mqtt } = await ok<{ mqtt: MqttView }>('setMqtt', { enabled: true });
    expect(mqtt).toMatchObject({ enabled: true, name: 'grace-hopper', brokerConfigured: true });
    expect(mqtt.entities).toContain('button.teams_status_grace_hopper_mute');
    // The buttons become available once the extension's command stream is open.
    await until(() => w.last('teams-status/grace-hopper/controls')?.payload === 'online', 'the extension to hold its command stream');

    await until(async () => (await popupState()).health.teamsLocal.state === 'unpaired', 'the worker to reach the Teams simulator');
    sim.startMeeting();
    await until(async () => (await popupState()).health.teamsLocal.canPair, 'Teams to offer pairing');
    await ok('pairTeams', null);
    await until(async () => (await popupState()).call?.permissions.toggleMute, 'the paired client to be allowed to mute');
    await until(() => JSON.parse(w.last('teams-status/grace-hopper/state')?.payload ?? '{}').call?.inCall === true, 'the state to show the call');
    expect(sim.meeting().isMuted).toBe(false);

    // What Home Assistant sends when the button is pressed.
    await w.client.publishAsync('teams-status/grace-hopper/command', 'toggle-mute', { qos: 1 });
    await until(() => sim.meeting().isMuted, 'Teams to be muted');
    const result = JSON.parse((await until(() => w.last('teams-status/grace-hopper/command/result'), 'the command result')).payload) as { ok: boolean; action: string };
    expect(result).toMatchObject({ ok: true, action: 'toggle-mute', expired: false });
    await until(() => JSON.parse(w.last('teams-status/grace-hopper/state')?.payload ?? '{}').call?.muted === true, 'the state to show muted');

    // A command the extension cannot carry out is answered with its reason, not dropped.
    sim.endMeeting();
    await until(async () => !(await popupState()).call, 'the extension to see the call end');
    const from = w.messages.length;
    await w.client.publishAsync('teams-status/grace-hopper/command', 'toggle-hand', { qos: 1 });
    const refused = JSON.parse((await until(() => w.last('teams-status/grace-hopper/command/result', from), 'the refusal')).payload) as { ok: boolean; error: string };
    expect(refused).toMatchObject({ ok: false, action: 'toggle-hand', expired: false });
    expect(refused.error).toMatch(/not in a Teams call/);
  } finally {
    await w.close();
  }
}, 90_000);
