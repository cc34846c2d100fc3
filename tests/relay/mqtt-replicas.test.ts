import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../relay/config';
import type { Logger } from '../../relay/http/deps';
import { startRelay, type RunningRelay } from '../../relay/start';
import { startMosquitto, watch, type TestBroker } from '../support/mosquitto';
import { startRedis, type TestRedis } from '../support/redis';
import { LIFTED_LIMITS, register } from '../support/relay-process';
import { openSse } from '../support/sse-client';
import { until } from '../support/until';

let broker: TestBroker;
let redis: TestRedis;
const dir = mkdtempSync(join(tmpdir(), 'relay-mqtt-replicas-'));
const relays: { relay: RunningRelay; lines: string[] }[] = [];

async function replica(): Promise<{ relay: RunningRelay; lines: string[] }> {
  const lines: string[] = [];
  const log: Logger = { info: (m) => lines.push(m), error: (m) => lines.push(m) };
  const config = loadConfig({ PORT: '0', REDIS_URL: redis.url, RELAY_DATA_DIR: dir, MQTT_URL: broker.url, ...LIFTED_LIMITS });
  const r = { relay: await startRelay(config, { log }), lines };
  relays.push(r);
  return r;
}

const leads = (r: { lines: string[] }) => r.lines.includes('mqtt: this replica publishes to the broker');

beforeAll(async () => {
  broker = await startMosquitto();
  redis = await startRedis();
});

afterAll(async () => {
  for (const r of relays) await r.relay.stop().catch(() => undefined);
  await redis?.dispose();
  await broker?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

it('two replicas: one publishes, a command reaches the stream held by the other, and the other takes over when the first stops', async () => {
  const a = await replica();
  const b = await replica();
  await until(() => leads(a) || leads(b), 'a replica to take the MQTT lease');
  const [leader, standby] = leads(a) ? [a, b] : [b, a];
  expect(leads(standby)).toBe(false);

  const ada = await register(standby.relay.url, { displayName: 'Ada' });
  const put = await fetch(`${standby.relay.url}/api/v1/me/outputs/mqtt`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${ada.token}` }, body: '{"enabled":true}' });
  expect(put.status).toBe(200);
  const w = await watch(broker.url, ['teams-status/#', 'homeassistant/device/+/config']);
  try {
    await until(() => w.last('homeassistant/device/teams-status_ada/config'), 'discovery from the leader');
    // The extension's stream is on the replica that does not talk to the broker.
    const stream = await openSse(`${standby.relay.url}/api/v1/me/commands`, { authorization: `Bearer ${ada.token}` });
    await until(() => w.last('teams-status/ada/controls')?.payload === 'online', 'the leader to learn of the stream');
    await w.client.publishAsync('teams-status/ada/command', 'toggle-video', { qos: 1 });
    const command = JSON.parse((await stream.nextEvent()).data) as { id: string; action: string };
    expect(command.action).toBe('toggle-video');
    // The answer lands on the leader's peer too; it still finds its way back.
    await fetch(`${standby.relay.url}/api/v1/me/commands/${command.id}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ada.token}` }, body: '{"ok":false,"error":"camera busy"}' });
    const result = JSON.parse((await until(() => w.last('teams-status/ada/command/result'), 'the result')).payload);
    expect(result).toMatchObject({ id: command.id, ok: false, error: 'camera busy', expired: false });
    // Exactly one command reached the stream: a second one is the marker, since a duplicate of
    // the first (sent by the other replica when the first was) would have come before it.
    await w.client.publishAsync('teams-status/ada/command', 'toggle-mute', { qos: 1 });
    expect((JSON.parse((await stream.nextEvent()).data) as { action: string }).action).toBe('toggle-mute');
    expect(stream.pending()).toEqual([]);
    stream.close();

    const from = w.messages.length;
    await leader.relay.stop();
    await until(() => leads(standby), 'the standby to take the lease', 20_000);
    await until(() => w.last('teams-status/status', from)?.payload === 'online', 'online from the new leader', 20_000);
    await until(() => w.last('homeassistant/device/teams-status_ada/config', from), 'discovery from the new leader');
  } finally {
    await w.close();
  }
}, 60_000);

it('a person with browsers on two replicas: each command reaches exactly one of their streams', async () => {
  const c = await replica();
  const d = await replica();
  const grace = await register(c.relay.url, { displayName: 'Grace' });
  const auth = { authorization: `Bearer ${grace.token}` };
  await fetch(`${c.relay.url}/api/v1/me/outputs/mqtt`, { method: 'PUT', headers: { 'content-type': 'application/json', ...auth }, body: '{"enabled":true}' });
  const w = await watch(broker.url, ['teams-status/#']);
  const redisClient = new Redis(redis.url);
  const streams = [await openSse(`${c.relay.url}/api/v1/me/commands`, auth), await openSse(`${d.relay.url}/api/v1/me/commands`, auth)];
  try {
    await until(() => w.last('teams-status/grace/controls')?.payload === 'online', 'the publishing replica to learn of the streams');
    for (let i = 0; i < 6; i++) await w.client.publishAsync('teams-status/grace/command', 'toggle-mute', { qos: 1 });
    const received = () => streams.map((s) => s.pending().map((e) => (JSON.parse(e.data) as { id: string }).id));
    await until(() => received().flat().length >= 6, 'six commands on the two streams');
    // Both replicas have decided on every command once its claim was counted twice.
    const ids = received().flat();
    await until(async () => (await Promise.all(ids.map((id) => redisClient.get(`ts:{rl:command:${id}}`)))).every((n) => n === '2'), 'both replicas to claim every command');
    const [onC, onD] = received();
    expect(new Set(ids).size).toBe(6);
    expect(onC!.filter((id) => onD!.includes(id))).toEqual([]);
    expect(onC!.length + onD!.length).toBe(6);
  } finally {
    for (const s of streams) s.close();
    redisClient.disconnect();
    await w.close();
  }
}, 60_000);
