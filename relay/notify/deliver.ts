import type { DeliveryRecord, NotifyEvent } from '../../core';
import { ownerStatus, publicViewOf, shareStateOf } from '../http/views';
import type { ChannelConfig, LeasedJob, Settlement, StoredChannel } from '../store/notify-store';
import type { RelayMetrics } from '../metrics';
import type { Store } from '../store/store';
import { nextAttemptDelay } from './backoff';
import { stillHolds } from './conditions';
import { driverOf, type Attempt, type ChannelDrivers, type Message } from './channels/driver';
import type { EventContents } from './event-content';
import { statusMessage } from './status-message';

export interface DeliverOptions {
  store: Store;
  metrics?: Pick<RelayMetrics, 'notifyDeliveries'>;
  /** How each channel type sends (channels/*.ts). */
  drivers: ChannelDrivers;
  /** What other modules' event types say (event-content.ts). */
  contents: EventContents;
  publicUrl: string;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  now: () => number;
}

type Outcome = Settlement['state'] | 'postponed';

/** The event types this module says itself (a person's status); others come with their content. */
const OWN_TYPES: ReadonlySet<string> = new Set<NotifyEvent['type']>(['status.changed', 'watch.fired', 'test']);

/** One attempt at one leased job, settled in the store (which refuses it if the lease was lost), counted by outcome. */
export async function deliver(leased: LeasedJob, options: DeliverOptions): Promise<Outcome> {
  const channel: StoredChannel | null = leased.job.channelId ? await options.store.notify.getChannel(leased.job.channelId) : null;
  const config = leased.job.watch?.channel ?? channel?.config;
  const outcome = await attemptJob(leased, channel, config, options);
  options.metrics?.notifyDeliveries.inc({ channel_type: config?.type ?? 'gone', outcome });
  return outcome;
}

/** The message a job carries or stands for; null when there is nothing to say any more (dropped). */
async function messageOf(leased: LeasedJob, options: DeliverOptions): Promise<Message | null> {
  const { store, now } = options;
  const { job } = leased;
  const content = options.contents[job.type];
  if (content) return content(job);
  // Another module's event nobody passed content for: nothing here knows what it says.
  if (!OWN_TYPES.has(job.type)) return null;
  if (job.sample) return statusMessage(job.sample, options.publicUrl);
  const user = await store.getUser(job.userId);
  if (!user) return null;
  // A watch made through a share that was rotated away ends with it.
  if (job.watch && job.watch.shareId !== user.shareId) return null;
  const nowMs = now();
  const record = await store.getStatusRecord(user.userId);
  // The condition is judged on the full status (a basic share hides calls); the event shows the share's level.
  const full = ownerStatus(user, record, nowMs);
  if (job.recheck && !stillHolds(job.recheck, { availability: full.availability, activity: full.activity, inCall: full.call?.inCall === true })) return null;
  const event: NotifyEvent = { type: job.type as NotifyEvent['type'], id: job.eventId, at: job.at, person: { displayName: user.displayName }, status: publicViewOf(shareStateOf(user, record), nowMs) };
  return statusMessage(event, `${options.publicUrl}/s/${user.shareId}`);
}

async function attemptJob(leased: LeasedJob, channel: StoredChannel | null, config: ChannelConfig | undefined, options: DeliverOptions): Promise<Outcome> {
  const drop = async () => (await options.store.notify.settle(leased, { state: 'dropped' }, null), 'dropped' as const);
  if (!config || channel?.disabled) return drop();
  const message = await messageOf(leased, options);
  if (!message) return drop();
  return finish(leased, await driverOf(options.drivers, config).send(config, message), channel, options);
}

/** Record an attempt's outcome: delivered, postponed, tried again later, or dead. */
async function finish(leased: LeasedJob, result: Attempt, channel: StoredChannel | null, options: DeliverOptions): Promise<Outcome> {
  const { store, now } = options;
  const { job } = leased;
  // A full limit on the receiver's side is no attempt: the job waits for a place, its count and records untouched.
  if (result.outcome === 'postponed') {
    await store.notify.settle(leased, { state: 'retrying', dueMs: now() + result.afterMs }, null);
    return 'postponed';
  }
  const attempts = job.attempts + 1;
  const at = new Date(now()).toISOString();
  if (result.outcome === 'delivered') {
    await store.notify.settle(leased, { state: 'delivered' }, { eventId: job.eventId, at, state: 'delivered', attempts });
    return 'delivered';
  }
  if (result.disable && channel) await store.notify.putChannel({ ...channel, disabled: { reason: result.disable, at } });
  const dead = !result.retry || attempts >= options.maxAttempts;
  const record: DeliveryRecord = { eventId: job.eventId, at, state: dead ? 'dead' : 'retrying', attempts, lastError: result.error };
  if (dead) {
    await store.notify.settle(leased, { state: 'dead' }, record);
    return 'dead';
  }
  const delay = nextAttemptDelay(attempts, { baseMs: options.retryBaseMs, maxMs: options.retryMaxMs, retryAfterMs: result.retryAfterMs });
  await store.notify.settle(leased, { state: 'retrying', dueMs: now() + delay }, record);
  return 'retrying';
}
