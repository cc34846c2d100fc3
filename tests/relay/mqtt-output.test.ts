import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MqttOutputInfo, PublicView } from '../../core';
import { loadConfig } from '../../relay/config';
import { startRelay, type RunningRelay } from '../../relay/start';
import { startMosquitto, watch, type TestBroker } from '../support/mosquitto';
import { LIFTED_LIMITS, putSource, quietLogger, register } from '../support/relay-process';
import { openSse } from '../support/sse-client';
import { startFreezableProxy } from './store-tcp-proxy';
import { until } from '../support/until';

const iso = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString();
const json = (token: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${token}` });

/** The device discovery payload, as far as these tests read it. */
interface Discovery {
  dev: unknown;
  o: { name: string };
  state_topic: string;
  availability: unknown;
  cmps: Record<string, Record<string, unknown> & { p: string; unique_id: string }>;
}

let broker: TestBroker;
let relay: RunningRelay;
const dirs: string[] = [];

function setMqtt(token: string, body: unknown): Promise<Response> {
  return fetch(`${relay.url}/api/v1/me/outputs/mqtt`, { method: 'PUT', headers: json(token), body: JSON.stringify(body) });
}

async function startOn(brokerUrl: string, env: Record<string, string> = {}): Promise<RunningRelay> {
  const dir = mkdtempSync(join(tmpdir(), 'relay-mqtt-'));
  dirs.push(dir);
  const config = loadConfig({ PORT: '0', RELAY_DATA_DIR: dir, MQTT_URL: brokerUrl, ...LIFTED_LIMITS, ...env });
  return startRelay(config, { log: quietLogger });
}

beforeAll(async () => {
  broker = await startMosquitto();
  relay = await startOn(broker.url);
});

afterAll(async () => {
  await relay?.stop();
  await broker?.dispose();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('MQTT output', () => {
  it('validates the setting: a bad name is a 400 naming the field, no token is a 401, a taken name a 409', async () => {
    const ada = await register(relay.url, { displayName: 'Ada Taken' });
    const bob = await register(relay.url, { displayName: 'Bob' });
    const bad = await setMqtt(ada.token, { enabled: true, name: 'Not A Slug!' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('name');
    expect((await setMqtt(ada.token, { enabled: 'yes' })).status).toBe(400);
    expect((await fetch(`${relay.url}/api/v1/me/outputs/mqtt`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"enabled":true}' })).status).toBe(401);
    expect((await setMqtt(ada.token, { enabled: true, name: 'desk-lamp' })).status).toBe(200);
    const taken = await setMqtt(bob.token, { enabled: true, name: 'desk-lamp' });
    expect(taken.status).toBe(409);
    expect(((await taken.json()) as { error: { code: string } }).error.code).toBe('name_taken');
    expect((await setMqtt(ada.token, { enabled: false })).status).toBe(200);
  });

  it('publishes retained Home Assistant discovery, availability and state for a person who turns it on', async () => {
    const ada = await register(relay.url, { displayName: 'Ada Lovelace' });
    const res = await setMqtt(ada.token, { enabled: true });
    expect(res.status).toBe(200);
    const info = (await res.json()) as MqttOutputInfo;
    expect(info).toMatchObject({ enabled: true, name: 'ada-lovelace', brokerConfigured: true });
    expect(info.entities).toContain('binary_sensor.teams_status_ada_lovelace_in_call');
    expect(info.entities).toContain('button.teams_status_ada_lovelace_mute');
    // A client connecting afterwards gets everything as retained messages.
    const w = await watch(broker.url, ['homeassistant/device/+/config', 'teams-status/#']);
    try {
      const discovery = await until(() => w.last('homeassistant/device/teams-status_ada-lovelace/config'), 'the discovery config');
      // Retained: a client that comes later still gets it.
      const late = await watch(broker.url, ['homeassistant/device/teams-status_ada-lovelace/config']);
      expect(await until(() => late.last('homeassistant/device/teams-status_ada-lovelace/config')?.retain, 'the retained discovery')).toBe(true);
      await late.close();
      const config = JSON.parse(discovery.payload) as Discovery;
      expect(config.dev).toEqual({ ids: ['teams-status_ada-lovelace'], name: 'Teams Status Ada Lovelace', mf: 'Teams Status', mdl: 'Person', sw: expect.any(String) });
      expect(config.o.name).toBe('Teams Status');
      expect(config.state_topic).toBe('teams-status/ada-lovelace/state');
      expect(config.availability).toEqual([{ topic: 'teams-status/status' }]);
      const cmps = config.cmps;
      expect(Object.fromEntries(Object.entries(cmps).map(([k, c]) => [k, c.p]))).toEqual({
        availability: 'sensor', activity: 'sensor', label: 'sensor',
        in_call: 'binary_sensor', muted: 'binary_sensor', camera: 'binary_sensor', sharing: 'binary_sensor',
        mute: 'button', toggle_camera: 'button', hand: 'button', leave: 'button',
      });
      const ids = Object.values(cmps).map((c) => c.unique_id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id.startsWith('teams-status_ada-lovelace_')).toBe(true);
      expect(cmps.mute).toMatchObject({ command_topic: 'teams-status/ada-lovelace/command', payload_press: 'toggle-mute', availability_mode: 'all' });
      expect(cmps.mute!.availability).toEqual([{ topic: 'teams-status/status' }, { topic: 'teams-status/ada-lovelace/controls' }]);
      expect(cmps.leave!.payload_press).toBe('leave-call');
      expect(cmps.in_call!.value_template).toContain('inCall');
      expect(w.last('teams-status/status')).toMatchObject({ payload: 'online', retain: true });
      const state = JSON.parse((await until(() => w.last('teams-status/ada-lovelace/state'), 'the state')).payload) as PublicView;
      expect(state).toMatchObject({ availability: 'Unknown', user: { displayName: 'Ada Lovelace' } });
      expect(w.last('teams-status/ada-lovelace/controls')?.payload).toBe('offline');
    } finally {
      await w.close();
    }
  });

  it('publishes the retained detailed state on every change', async () => {
    const ada = await register(relay.url, { displayName: 'Changes' });
    await setMqtt(ada.token, { enabled: true });
    const w = await watch(broker.url, ['teams-status/changes/state']);
    try {
      await until(() => w.last('teams-status/changes/state'), 'the first state');
      let from = w.messages.length;
      expect((await putSource(relay.url, ada.token, 'teams-local', { observedAt: iso(), call: { inCall: true, muted: true, camera: false } })).status).toBe(200);
      const inCall = JSON.parse((await until(() => w.last('teams-status/changes/state', from), 'the in-call state')).payload) as PublicView;
      // Detailed whatever the share's level (a new person's share is basic).
      expect(inCall).toMatchObject({ availability: 'Busy', activity: 'InACall', call: { inCall: true, muted: true } });
      from = w.messages.length;
      await putSource(relay.url, ada.token, 'teams-local', { observedAt: iso(1), call: null });
      const after = JSON.parse((await until(() => w.last('teams-status/changes/state', from), 'the after-call state')).payload) as PublicView;
      expect(after.call).toBeNull();
      // A late subscriber sees the latest as the retained message.
      const late = await watch(broker.url, ['teams-status/changes/state']);
      const retained = await until(() => late.last('teams-status/changes/state'), 'the retained state');
      await late.close();
      expect(retained.retain).toBe(true);
      expect(JSON.parse(retained.payload)).toEqual(after);
    } finally {
      await w.close();
    }
  });

  it("sends discovery again when Home Assistant announces itself on homeassistant/status", async () => {
    const ada = await register(relay.url, { displayName: 'Birth' });
    await setMqtt(ada.token, { enabled: true });
    const w = await watch(broker.url, ['homeassistant/device/teams-status_birth/config']);
    try {
      await until(() => w.last('homeassistant/device/teams-status_birth/config'), 'the first discovery');
      const from = w.messages.length;
      await w.client.publishAsync('homeassistant/status', 'online', { qos: 1 });
      const again = await until(() => w.last('homeassistant/device/teams-status_birth/config', from), 'discovery after the birth message');
      expect(JSON.parse(again.payload).dev.ids).toEqual(['teams-status_birth']);
    } finally {
      await w.close();
    }
  });

  it('removes the device with empty retained configs on opt-out and on deletion', async () => {
    const ada = await register(relay.url, { displayName: 'Leaver' });
    const bob = await register(relay.url, { displayName: 'Deleted' });
    await setMqtt(ada.token, { enabled: true });
    await setMqtt(bob.token, { enabled: true });
    const topics = ['homeassistant/device/teams-status_leaver/config', 'homeassistant/device/teams-status_deleted/config'];
    const w = await watch(broker.url, [...topics, 'teams-status/leaver/state', 'teams-status/deleted/state']);
    try {
      for (const t of topics) await until(() => w.last(t)?.payload, `discovery on ${t}`);
      expect((await setMqtt(ada.token, { enabled: false })).status).toBe(200);
      expect((await fetch(`${relay.url}/api/v1/me`, { method: 'DELETE', headers: json(bob.token) })).status).toBe(204);
      for (const t of [...topics, 'teams-status/leaver/state', 'teams-status/deleted/state']) await until(() => w.last(t)?.payload === '', `an empty message on ${t}`);
      // Nothing is retained any more: a new subscriber gets nothing for them.
      const late = await watch(broker.url, [...topics, 'teams-status/leaver/state', 'test/probe']);
      // Retained messages arrive before anything published after subscribing.
      await late.client.publishAsync('test/probe', 'x', { qos: 1 });
      await until(() => late.last('test/probe'), 'the probe');
      expect(late.messages.map((m) => m.topic)).toEqual(['test/probe']);
      await late.close();
    } finally {
      await w.close();
    }
  });

  // The product's command expiry is 10 s; with the waits around it a busy machine needs more than 30 s.
  it('carries a button press to the command stream and publishes the answer; an untaken one expires and is reported', async () => {
    const ada = await register(relay.url, { displayName: 'Presser' });
    await setMqtt(ada.token, { enabled: true });
    const w = await watch(broker.url, ['teams-status/presser/#']);
    try {
      await until(() => w.last('teams-status/presser/controls')?.payload === 'offline', 'controls offline without an extension');
      const stream = await openSse(`${relay.url}/api/v1/me/commands`, { authorization: `Bearer ${ada.token}` });
      expect(stream.response.statusCode).toBe(200);
      await until(() => w.last('teams-status/presser/controls')?.payload === 'online', 'controls online with an extension');
      await w.client.publishAsync('teams-status/presser/command', 'toggle-mute', { qos: 1 });
      const event = await stream.nextEvent();
      expect(event.event).toBe('command');
      const command = JSON.parse(event.data) as { id: string; action: string };
      expect(command.action).toBe('toggle-mute');
      const answer = await fetch(`${relay.url}/api/v1/me/commands/${command.id}`, { method: 'POST', headers: json(ada.token), body: JSON.stringify({ ok: true }) });
      expect(answer.status).toBe(202);
      const result = JSON.parse((await until(() => w.last('teams-status/presser/command/result'), 'the command result')).payload);
      expect(result).toMatchObject({ id: command.id, action: 'toggle-mute', ok: true, expired: false });
      stream.close();
      await until(() => w.last('teams-status/presser/controls')?.payload === 'offline', 'controls offline after the stream closed');
      const from = w.messages.length;
      await w.client.publishAsync('teams-status/presser/command', 'leave-call', { qos: 1 });
      const expired = JSON.parse((await until(() => w.last('teams-status/presser/command/result', from), 'the expiry', 25_000)).payload);
      expect(expired).toMatchObject({ action: 'leave-call', ok: false, expired: true });
      expect(expired.error).toMatch(/within 10 s/);
      const metrics = await (await fetch(`${relay.url}/metrics`)).text();
      expect(metrics).toMatch(/^relay_mqtt_connected 1$/m);
      expect(metrics).toMatch(/^relay_commands_total\{outcome="ok"\} 1$/m);
      expect(metrics).toMatch(/^relay_commands_total\{outcome="expired"\} 1$/m);
      expect(metrics).toMatch(/^relay_command_streams 0$/m);
    } finally {
      await w.close();
    }
  }, 60_000);

  it('re-publishes availability and state after the broker comes back', async () => {
    const ada = await register(relay.url, { displayName: 'Comeback' });
    await setMqtt(ada.token, { enabled: true });
    const first = await watch(broker.url, ['teams-status/comeback/state']);
    await until(() => first.last('teams-status/comeback/state'), 'the state');
    await first.close();
    await broker.stop();
    // Written while the broker is away: answered at once, published once it is back.
    expect((await putSource(relay.url, ada.token, 'manual', { observedAt: iso(), availability: 'DoNotDisturb' })).status).toBe(200);
    await broker.start();
    const w = await until(() => watch(broker.url, ['teams-status/comeback/state', 'teams-status/status']), 'the broker back');
    try {
      const state = await until(() => w.last('teams-status/comeback/state'), 'the state after the restart', 20_000);
      expect(JSON.parse(state.payload).availability).toBe('DoNotDisturb');
      expect(w.last('teams-status/status')?.payload ?? (await until(() => w.last('teams-status/status'), 'availability'))!.payload).toBe('online');
    } finally {
      await w.close();
    }
  });
});

describe('MQTT output across a dropped connection', () => {
  it('the Last Will says offline, then the relay says online and publishes again, keeping every device', async () => {
    const proxy = await startFreezableProxy(broker.port);
    const viaProxy = await startOn(`mqtt://127.0.0.1:${new URL(proxy.url).port}`, { MQTT_PREFIX: 'blip' });
    const w = await watch(broker.url, ['blip/#', 'homeassistant/device/blip_ada/config']);
    try {
      const ada = await register(viaProxy.url, { displayName: 'Ada' });
      await fetch(`${viaProxy.url}/api/v1/me/outputs/mqtt`, { method: 'PUT', headers: json(ada.token), body: '{"enabled":true}' });
      await until(() => w.last('homeassistant/device/blip_ada/config')?.payload, 'discovery');
      const from = w.messages.length;
      proxy.dropOpenConnections();
      // Any offline since the drop: a starved watcher may read the Last Will and the relay's online together.
      await until(() => w.messages.slice(from).some((m) => m.topic === 'blip/status' && m.payload === 'offline'), 'the Last Will');
      await until(() => w.last('blip/status', from)?.payload === 'online', 'online again after reconnecting', 15_000);
      await until(() => w.last('homeassistant/device/blip_ada/config', from)?.payload, 'discovery published again');
      // The retained config the relay found at reconnect is its own: never swept.
      expect(w.messages.slice(from).filter((m) => m.topic === 'homeassistant/device/blip_ada/config' && m.payload === '')).toEqual([]);
    } finally {
      await w.close();
      await viaProxy.stop();
      await proxy.close();
    }
  });
});

describe('MQTT output at start', () => {
  it('clears retained devices of its prefix that belong to nobody any more (left while the broker was away)', async () => {
    const w = await watch(broker.url, ['homeassistant/device/+/config']);
    try {
      // Its own prefix, so it leaves the other relay of this file alone (one relay per prefix).
      await w.client.publishAsync('homeassistant/device/sweep_ghost/config', '{"dev":{"ids":["sweep_ghost"]}}', { qos: 1, retain: true });
      await w.client.publishAsync('homeassistant/device/other-bridge_lamp/config', '{"dev":{"ids":["other-bridge_lamp"]}}', { qos: 1, retain: true });
      const fresh = await startOn(broker.url, { MQTT_PREFIX: 'sweep' });
      try {
        await until(() => w.last('homeassistant/device/sweep_ghost/config')?.payload === '', 'the ghost device to be cleared');
      } finally {
        await fresh.stop();
      }
      // Someone else's device is left alone.
      expect(w.last('homeassistant/device/other-bridge_lamp/config')?.payload).toContain('other-bridge_lamp');
    } finally {
      await w.close();
    }
  });
});

describe('MQTT output with an unreachable broker', () => {
  it('never blocks status writes or the setting', async () => {
    const dead = await startOn('mqtt://127.0.0.1:1');
    try {
      const ada = await register(dead.url, { displayName: 'Offline broker' });
      const put = await fetch(`${dead.url}/api/v1/me/outputs/mqtt`, { method: 'PUT', headers: json(ada.token), body: JSON.stringify({ enabled: true }) });
      expect(put.status).toBe(200);
      for (let i = 0; i < 5; i++) {
        const res = await putSource(dead.url, ada.token, 'manual', { observedAt: iso(i), availability: i % 2 ? 'Busy' : 'Available' });
        expect(res.status).toBe(200);
      }
      const status = (await (await fetch(`${dead.url}/api/v1/me/status`, { headers: json(ada.token) })).json()) as { availability: string };
      expect(status.availability).toBe('Available');
    } finally {
      await dead.stop();
    }
  });
});
