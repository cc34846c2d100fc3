import type { MqttClient } from 'mqtt';
import { isCommandAction } from '../../../core';
import type { CommandDesk } from '../../commands/command-desk';
import { StreamPresence } from '../../commands/stream-presence';
import type { MqttConfig } from '../../config';
import type { Logger } from '../../http/deps';
import type { RelayMetrics } from '../../metrics';
import { publicViewOf, shareStateOf, type ShareState } from '../../http/views';
import type { Store, StoreEvent } from '../../store/store';
import { discoveryConfig } from './discovery';
import { connectMqtt } from './mqtt-connection';
import { availabilityTopic, deviceId, personTopics } from './topics';

/** One publisher for all replicas: whoever holds this lease connects; the others stand by. */
const LEASE = 'mqtt-output';
const LEASE_TTL_MS = 15_000;
const LEASE_RENEW_MS = 5_000;
/** Staleness and expiries change the view without an event; look again this often. */
const REFRESH_MS = 30_000;

interface Person {
  name: string;
  state: ShareState;
  /** The state JSON last published, so unchanged views are not sent again. */
  published: string | null;
}

export interface MqttOutputOptions {
  config: MqttConfig;
  store: Store;
  desk: CommandDesk;
  log: Logger;
  metrics: RelayMetrics;
  /** This replica's lease holder id. */
  holder: string;
  now?: () => number;
}

/**
 * Publishes each opted-in person's status to MQTT with Home Assistant discovery, and turns
 * dashboard button presses into commands for their extension. Replicas do not double publish:
 * only the holder of one store lease is connected to the broker (a standby takes over within
 * the lease's 15 s when the holder dies; its Last Will says `offline` meanwhile).
 */
export class MqttOutput {
  private readonly people = new Map<string, Person>();
  private readonly presence: StreamPresence;
  private readonly now: () => number;
  private client: MqttClient | null = null;
  private ready = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly unsubscribe: () => void;
  private stopped = false;

  constructor(private readonly options: MqttOutputOptions) {
    this.now = options.now ?? Date.now;
    this.presence = new StreamPresence((userId) => this.publishControls(userId), this.now);
    this.unsubscribe = options.store.subscribe((event) => this.onEvent(event));
  }

  start(): void {
    void this.holdLease();
    this.timers.push(setInterval(() => void this.holdLease(), LEASE_RENEW_MS));
    this.timers.push(
      setInterval(() => {
        this.presence.sweep();
        for (const userId of this.people.keys()) this.publishState(userId);
      }, REFRESH_MS),
    );
    for (const t of this.timers) t.unref();
  }

  /** Say `offline`, disconnect and give the lease up; runs before the store closes. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.unsubscribe();
    this.options.desk.stop();
    await this.standDown(true);
    await this.options.store.releaseLease(LEASE, this.options.holder).catch(() => undefined);
  }

  private async holdLease(): Promise<void> {
    let held: boolean;
    try {
      held = (await this.options.store.acquireLease(LEASE, this.options.holder, LEASE_TTL_MS)) !== null;
    } catch {
      // The store is away: keep doing what we did; the lease decides again once it answers.
      return;
    }
    if (this.stopped) return;
    if (held && !this.client) this.lead();
    if (!held && this.client) await this.standDown(false);
  }

  private lead(): void {
    const { config, log } = this.options;
    this.options.log.info('mqtt: this replica publishes to the broker');
    this.client = connectMqtt(config, {
      onConnect: () => void this.onConnect(),
      onConnected: (up) => this.options.metrics.mqttConnected.set(up ? 1 : 0),
      onMessage: (topic, payload, retained) => this.onMessage(topic, payload, retained),
      log: (message) => log.info(message),
    });
  }

  private async standDown(sayOffline: boolean): Promise<void> {
    const client = this.client;
    this.client = null;
    this.ready = false;
    if (!client) return;
    if (sayOffline && client.connected) await client.publishAsync(availabilityTopic(this.options.config), 'offline', { qos: 1, retain: true }).catch(() => undefined);
    await client.endAsync().catch(() => undefined);
  }

  /** (Re)connected: load everyone from the store and publish all of it; the broker may have lost it. */
  private async onConnect(): Promise<void> {
    const { config, store, log } = this.options;
    const client = this.client;
    if (!client) return;
    // Nothing is published or swept from a half-loaded list.
    this.ready = false;
    try {
      this.people.clear();
      for (const { userId, name } of await store.listMqttOutputs()) await this.load(userId, name);
    } catch (err) {
      log.error('mqtt: could not read who publishes; retrying at the next connect', { error: String(err) });
      client.stream.destroy();
      return;
    }
    this.ready = true;
    this.publish(availabilityTopic(config), 'online');
    // The device configs retained at the broker come back at once: any not ours any more (a
    // person left or renamed while the broker was away) is cleared in onMessage.
    const topics = [`${config.discoveryPrefix}/status`, `${config.prefix}/+/command`, `${config.discoveryPrefix}/device/+/config`];
    await client.subscribeAsync(topics, { qos: 1 }).catch((err: unknown) => log.error('mqtt: subscribe failed', { error: String(err) }));
    for (const userId of this.people.keys()) this.publishPerson(userId);
  }

  private async load(userId: string, name: string): Promise<void> {
    const user = await this.options.store.getUser(userId);
    if (!user) return;
    const state = shareStateOf(user, await this.options.store.getStatusRecord(userId));
    this.people.set(userId, { name, state: { ...state, level: 'detailed' }, published: null });
  }

  private onEvent(event: StoreEvent): void {
    this.presence.onEvent(event);
    if (!this.ready) return;
    switch (event.type) {
      case 'status': {
        const person = this.people.get(event.userId);
        if (!person || person.state.record.seq > event.record.seq) return;
        person.state = { user: event.user, timeZone: event.timeZone, level: 'detailed', record: event.record };
        this.publishState(event.userId);
        return;
      }
      case 'mqtt-output':
        return void this.onSetting(event.userId, event.name);
      case 'user-deleted':
        return this.remove(event.userId);
      default:
    }
  }

  private async onSetting(userId: string, name: string | null): Promise<void> {
    const previous = this.people.get(userId);
    if (previous && previous.name !== name) this.remove(userId);
    if (name === null || previous?.name === name) return;
    try {
      await this.load(userId, name);
      this.publishPerson(userId);
    } catch (err) {
      this.options.log.error('mqtt: could not read a person who turned MQTT on', { userId, error: String(err) });
    }
  }

  /** Empty retained messages: Home Assistant removes the device, the broker forgets the state. */
  private remove(userId: string): void {
    const person = this.people.get(userId);
    if (!person) return;
    this.people.delete(userId);
    const topics = personTopics(this.options.config, person.name);
    for (const topic of [topics.discovery, topics.state, topics.controls]) this.publish(topic, '');
  }

  private publishPerson(userId: string): void {
    const person = this.people.get(userId);
    if (!person) return;
    const { config } = this.options;
    this.publish(personTopics(config, person.name).discovery, JSON.stringify(discoveryConfig(config, person.name, person.state.user.displayName)));
    person.published = null;
    this.publishState(userId);
    this.publishControls(userId);
  }

  private publishState(userId: string): void {
    const person = this.people.get(userId);
    if (!person || !this.ready) return;
    const json = JSON.stringify(publicViewOf(person.state, this.now()));
    if (json === person.published) return;
    person.published = json;
    this.publish(personTopics(this.options.config, person.name).state, json);
  }

  private publishControls(userId: string): void {
    const person = this.people.get(userId);
    if (person) this.publish(personTopics(this.options.config, person.name).controls, this.presence.online(userId) ? 'online' : 'offline');
  }

  /** Fire and forget: nothing on the status path waits for the broker. */
  private publish(topic: string, payload: string, retain = true): void {
    const client = this.client;
    if (!client?.connected || !this.ready) return;
    client.publish(topic, payload, { qos: 1, retain }, (err) => {
      if (err) this.options.log.error('mqtt: publish failed', { topic, error: err.message });
    });
  }

  /** A retained device config of ours for nobody who publishes now: remove it from Home Assistant. */
  private sweep(topic: string, payload: string, retained: boolean): void {
    const stem = `${this.options.config.discoveryPrefix}/device/${deviceId(this.options.config, '')}`;
    if (!retained || payload === '' || !topic.startsWith(stem) || !this.ready) return;
    const name = topic.slice(stem.length, -'/config'.length);
    if ([...this.people.values()].some((p) => p.name === name)) return;
    const topics = personTopics(this.options.config, name);
    for (const t of [topics.discovery, topics.state, topics.controls]) this.publish(t, '');
  }

  private onMessage(topic: string, payload: string, retained: boolean): void {
    const { config, log } = this.options;
    if (topic.startsWith(`${config.discoveryPrefix}/device/`)) return this.sweep(topic, payload, retained);
    if (topic === `${config.discoveryPrefix}/status`) {
      // Home Assistant (re)started and forgot what it was told: tell it again.
      if (payload === 'online') for (const userId of this.people.keys()) this.publishPerson(userId);
      return;
    }
    const name = topic.slice(config.prefix.length + 1, -'/command'.length);
    const entry = [...this.people].find(([, p]) => p.name === name);
    if (!entry) return;
    const [userId] = entry;
    const result = personTopics(config, name).result;
    const action = payload.trim();
    if (!isCommandAction(action)) {
      log.error('mqtt: ignored a command that is not an action', { topic, payload: action.slice(0, 80) });
      this.publish(result, JSON.stringify({ id: null, action: action.slice(0, 80), ok: false, expired: false, error: 'unknown action', at: new Date(this.now()).toISOString() }), false);
      return;
    }
    void this.options.desk.issue(userId, action).then((outcome) => {
      this.options.metrics.commands.inc({ outcome: outcome.ok ? 'ok' : outcome.expired ? 'expired' : 'failed' });
      if (!outcome.ok) log.error(`mqtt: command ${outcome.action} for ${name} ${outcome.expired ? 'expired' : 'failed'}: ${outcome.error ?? 'no reason given'}`, { id: outcome.id });
      this.publish(result, JSON.stringify({ ...outcome, at: new Date(this.now()).toISOString() }), false);
    });
  }
}
