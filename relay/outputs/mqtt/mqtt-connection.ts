import { randomUUID } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import type { MqttConfig } from '../../config';
import { availabilityTopic } from './topics';

const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 30_000;

export interface MqttConnectionEvents {
  /** Connected (first time or again): publish everything, the broker may have lost it. */
  onConnect(): void;
  /** The connection came up (true) or went down (false). */
  onConnected(up: boolean): void;
  /** `retained`: the broker's stored copy, sent because we just subscribed. */
  onMessage(topic: string, payload: string, retained: boolean): void;
  log(message: string): void;
}

/**
 * One client to the broker with the relay's Last Will (`offline`, retained, on the availability
 * topic) and reconnects that back off from 1 s to 30 s. mqtt.js itself retries at a fixed
 * period; the period is doubled here after each failed attempt and reset once connected.
 */
export function connectMqtt(config: MqttConfig, events: MqttConnectionEvents): MqttClient {
  const status = availabilityTopic(config);
  const client = mqtt.connect(config.url, {
    clientId: `teams-status-${randomUUID().slice(0, 12)}`,
    username: config.username ?? undefined,
    password: config.password ?? undefined,
    clean: true,
    connectTimeout: 10_000,
    reconnectPeriod: FIRST_RETRY_MS,
    // Nothing waits in memory while the broker is away: everything is re-published on connect.
    queueQoSZero: false,
    // onConnect subscribes itself once everyone is loaded (an early retained config could be
    // taken for an orphan otherwise).
    resubscribe: false,
    will: { topic: status, payload: Buffer.from('offline'), qos: 1, retain: true },
  });
  let connected = false;
  let lastError = '';
  client.on('connect', () => {
    connected = true;
    lastError = '';
    client.options.reconnectPeriod = FIRST_RETRY_MS;
    events.onConnected(true);
    events.log(`mqtt: connected to ${new URL(config.url).host}`);
    events.onConnect();
  });
  client.on('close', () => {
    events.onConnected(false);
    if (connected) events.log('mqtt: connection lost; reconnecting');
    else client.options.reconnectPeriod = Math.min((client.options.reconnectPeriod ?? FIRST_RETRY_MS) * 2, MAX_RETRY_MS);
    connected = false;
  });
  client.on('error', (err) => {
    // Logged once per distinct failure, not on every retry.
    if (err.message !== lastError) events.log(`mqtt: ${err.message} (retrying with back-off)`);
    lastError = err.message;
  });
  client.on('message', (topic, payload, packet) => events.onMessage(topic, payload.toString('utf8'), packet.retain));
  return client;
}
