import type { EventHub } from './event-hub';
import type { RedisClient } from './redis-scripts';
import type { StoreEvent } from './store';

const EVENT_TYPES = new Set<string>(['status', 'share-revoked', 'user-deleted', 'mqtt-output', 'command', 'command-result', 'command-streams', 'people-joined'] satisfies StoreEvent['type'][]);

/**
 * The event side of the Redis store: a connection of its own (a subscribed connection can
 * run nothing else) that subscribes on every 'ready' — the first connect and each reconnect —
 * and forwards each event to this replica's listeners. Pub/sub is at-most-once: events
 * published while this replica is disconnected are lost, so every subscription after the first
 * emits a `resync` event telling listeners to read again what they show (`subscribed` makes
 * ping() fail meanwhile).
 */
export class RedisSubscriber {
  subscribed = false;
  private everSubscribed = false;
  readonly resyncListeners = new Set<() => void>();

  constructor(
    private readonly redis: RedisClient,
    private readonly channel: string,
    private readonly hub: EventHub,
    private readonly log: (msg: string) => void,
  ) {
    redis.on('ready', () => void this.subscribe());
    redis.on('close', () => {
      this.subscribed = false;
    });
    redis.on('message', (channel: string, message: string) => {
      if (channel === this.channel) this.deliver(message);
    });
    if (redis.status === 'ready') void this.subscribe();
  }

  private async subscribe(): Promise<void> {
    try {
      await this.redis.subscribe(this.channel);
      this.subscribed = true;
      if (this.everSubscribed) for (const listener of [...this.resyncListeners]) listener();
      this.everSubscribed = true;
    } catch (err) {
      this.log(`store: could not subscribe to ${this.channel}: ${String(err)}`);
      // Usually the connection dropped again and the next 'ready' retries; if it is still up
      // (the command timed out), reconnect so there is a next 'ready'.
      if (this.redis.status === 'ready') this.redis.disconnect(true);
    }
  }

  private deliver(message: string): void {
    let event: StoreEvent;
    try {
      event = JSON.parse(message) as StoreEvent;
      if (!EVENT_TYPES.has(event.type) || !('userId' in event ? typeof event.userId === 'string' : Array.isArray(event.userIds))) throw new Error('not a store event');
    } catch (err) {
      this.log(`store: ignoring a malformed message on ${this.channel}: ${String(err)}`);
      return;
    }
    this.hub.emit(event);
  }
}
