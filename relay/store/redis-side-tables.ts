import { randomUUID } from 'node:crypto';
import { EVENTS_CHANNEL, keys } from './redis-keys';
import type { RedisClient, ScriptRunner } from './redis-scripts';
import { LeaseLostError, StoreConflictError, UnknownUserError, type Fence, type MqttOutputRecord, type RateLimitResult, type SlidingWindow, type StoreEvent } from './store';

/**
 * What the Redis store keeps beside people: sliding rate limits, job leases with their fencing tokens and job state
 * (one hash tag per lease name), and the MQTT outputs (one tag for all). Each call here is one
 * round trip; RedisStore wraps them in its error handling.
 */
export class RedisSideTables {
  constructor(
    private readonly redis: RedisClient,
    private readonly run: ScriptRunner,
  ) {}

  /** Store.slidingLimit: one script on one key (a sorted set of places by Redis's clock). */
  async slidingLimit(key: string, windows: readonly SlidingWindow[]): Promise<RateLimitResult> {
    const args = [randomUUID(), ...windows.flatMap((w) => [w.limit, Math.max(1, Math.ceil(w.windowMs))])];
    const [taken, waitMs] = (await this.run('tsSlidingLimit', [keys.slidingLimit(key)], args)) as [number, number];
    return taken === 1 ? { allowed: true, retryAfterMs: 0 } : { allowed: false, retryAfterMs: Math.max(1, waitMs) };
  }

  async acquireLease(name: string, holder: string, ttlMs: number): Promise<number | null> {
    const token = Number(await this.run('tsAcquireLease', [keys.lease(name), keys.fence(name)], [holder, Math.max(1, Math.ceil(ttlMs))]));
    return token > 0 ? token : null;
  }

  async readLease(name: string): Promise<{ holder: string; token: number } | null> {
    const m = /^(\d+):(.*)$/s.exec((await this.redis.get(keys.lease(name))) ?? '');
    return m ? { token: Number(m[1]), holder: m[2] ?? '' } : null;
  }

  getJobState(name: string): Promise<string | null> {
    return this.redis.get(keys.job(name));
  }

  /** A job's state sits beside its lease (one slot), so it is fenced by the lease of its own name. */
  async setJobState(name: string, value: string, fence: Fence): Promise<void> {
    if (name !== fence.lease) throw new RangeError(`job state "${name}" is fenced by its own lease, not "${fence.lease}"`);
    if ((await this.run('tsSetJobState', [keys.job(name), keys.lease(fence.lease)], [value, String(fence.token)])) === -3) throw new LeaseLostError(fence.lease);
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.run('tsReleaseLease', [keys.lease(name)], [holder]);
  }

  async setMqttOutput(userId: string, name: string | null): Promise<void> {
    const event: StoreEvent = { type: 'mqtt-output', userId, name };
    // The outputs live in a slot of their own: the person is checked first, and a deletion that
    // runs meanwhile removes the output after its own step (redis-writes.ts).
    if ((await this.redis.exists(keys.user(userId))) === 0) throw new UnknownUserError(userId);
    const reply = await this.run('tsSetMqtt', [keys.mqtt, keys.mqttNames], [userId, name ?? '', EVENTS_CHANNEL, JSON.stringify(event)]);
    if (reply === -2) throw new StoreConflictError(`the name "${name}" is taken`);
  }

  async getMqttOutput(userId: string): Promise<MqttOutputRecord | null> {
    const name = await this.redis.hget(keys.mqtt, userId);
    return name === null ? null : { userId, name };
  }

  async listMqttOutputs(): Promise<MqttOutputRecord[]> {
    return Object.entries(await this.redis.hgetall(keys.mqtt)).map(([userId, name]) => ({ userId, name }));
  }
}
