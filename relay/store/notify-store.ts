import type { Availability, DeliveryRecord, NotifyEvent, PushSubscriptionJson, RescheduleEvent, Rule, RuleWhen, WatchWhen } from '../../core';

/**
 * What the notification feature keeps (relay/notify/), in both stores: channels, rules and
 * watches; the change queue that status writes feed in the same atomic step; delivery jobs with
 * leases, their records and dead letters; the relay's VAPID keys.
 */

/** `user:<userId>` for a person's own channels and rules, `org` for the organisation's. */
export type ChannelOwner = string;

export type ChannelConfig =
  | { type: 'webhook'; url: string; secret: string }
  | { type: 'teams-workflow'; url: string }
  | { type: 'ntfy'; url: string; token?: string }
  | { type: 'web-push'; subscription: PushSubscriptionJson }
  | TeamsBotConfig;

/**
 * A Teams bot channel: the person, the app installation found or made for them, and the
 * conversation reference the Bot Connector writes to (their 1:1 chat). The ids are kept as the
 * record of what was set up (Graph's names for it); delivery reads only the conversation.
 */
export interface TeamsBotConfig {
  type: 'teams-bot';
  person: { id: string; displayName: string; userPrincipalName: string };
  installationId: string;
  conversation: { serviceUrl: string; id: string; tenantId: string };
}

export interface StoredChannel {
  id: string;
  owner: ChannelOwner;
  name: string | null;
  createdAt: string;
  config: ChannelConfig;
  disabled: { reason: string; at: string } | null;
}

export interface StoredWatch {
  id: string;
  /** The share's owner. */
  userId: string;
  /** The share it was made through: a rotated share ends it. */
  shareId: string;
  when: WatchWhen;
  channel: ChannelConfig;
  createdAt: string;
  expiresAt: string;
}

export interface StatusPoint {
  availability: Availability;
  activity: string;
  inCall: boolean;
}

/** One visible status change, queued by the write that made it. */
export interface QueuedChange {
  /** The event id: the idempotency key of every delivery made for this change. */
  id: string;
  userId: string;
  at: string;
  before: StatusPoint;
  after: StatusPoint;
}

/** A change taken from the queue, with the queue's own handle to finish it by. */
export interface ClaimedChange {
  handle: string;
  change: QueuedChange;
}

/** One delivery to make: an event to one channel (a stored one, or a watch's own). */
export interface DeliveryJob {
  /** Unique per pending delivery; a debounced rule reuses its key so a newer change replaces the older. */
  key: string;
  eventId: string;
  type: 'status.changed' | 'watch.fired' | 'test' | 'roulette.reschedule';
  at: string;
  userId: string;
  /** Where its records go: a channel id, or `watch:<id>`. */
  logId: string;
  channelId?: string;
  watch?: StoredWatch;
  /** A debounced rule's condition, checked again when the job is due (flapping ends in nothing). */
  recheck?: RuleWhen;
  /** A test of an organisation channel, which has no person of its own: the event as sent. */
  sample?: NotifyEvent;
  /** A meeting roulette suggestion: the event as sent (it is about a group, not a status). */
  reschedule?: RescheduleEvent;
  attempts: number;
}

export interface ScheduledJob {
  job: DeliveryJob;
  dueMs: number;
  /** True for debounced jobs: replace a pending one with the same key. Otherwise an existing key is kept. */
  replace: boolean;
}

export interface LeasedJob {
  job: DeliveryJob;
  /** The lease's fence: settling is refused once another worker took the job. */
  lease: number;
}

export type Settlement = { state: 'delivered' } | { state: 'dead' } | { state: 'dropped' } | { state: 'retrying'; dueMs: number };

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

export interface NotifyStore {
  putChannel(channel: StoredChannel): Promise<void>;
  getChannel(id: string): Promise<StoredChannel | null>;
  listChannels(owner: ChannelOwner): Promise<StoredChannel[]>;
  /** Removes the channel, its records and dead letters; false when the owner has no such channel. */
  deleteChannel(owner: ChannelOwner, id: string): Promise<boolean>;
  setRules(owner: ChannelOwner, rules: Rule[]): Promise<void>;
  getRules(owner: ChannelOwner): Promise<Rule[]>;

  putWatch(watch: StoredWatch): Promise<void>;
  listWatches(userId: string): Promise<StoredWatch[]>;
  deleteWatch(userId: string, id: string): Promise<boolean>;

  /** New changes and those another worker took but did not finish within `stuckMs`. */
  claimChanges(consumer: string, max: number, stuckMs: number): Promise<ClaimedChange[]>;
  /**
   * Finish a change in one atomic step: it leaves the queue and its jobs are scheduled; a job
   * with a watch is scheduled only if that watch still existed (and it is gone after). False
   * when someone else finished it first (nothing scheduled then).
   */
  finishChange(handle: string, jobs: ScheduledJob[]): Promise<boolean>;
  /**
   * Finish, in one step, the changes of people nobody follows (no rule of theirs, no watch, and
   * no organisation rules) → the others, which need their rules read. Most people follow
   * nothing; this spares their changes the reads.
   */
  finishUnfollowed(claimed: ClaimedChange[]): Promise<ClaimedChange[]>;
  /**
   * Move into the queue what a crash left between a write and its queue (a cluster's outboxes,
   * redis-outbox.ts) → how many changes were moved. Nothing to do where the write queues itself
   * (one Redis, the embedded store): 0.
   */
  sweepOutboxes(): Promise<number>;
  /** Schedule jobs outside a change (test deliveries). */
  schedule(jobs: ScheduledJob[]): Promise<void>;

  /** Jobs due by `nowMs`, each leased to the caller until `leaseUntilMs`. */
  claimDue(nowMs: number, leaseUntilMs: number, max: number): Promise<LeasedJob[]>;
  /** Record an attempt's outcome; ignored (false) when the lease was lost meanwhile. */
  settle(leased: LeasedJob, outcome: Settlement, record: DeliveryRecord | null): Promise<boolean>;
  deliveries(logId: string, limit: number): Promise<DeliveryRecord[]>;
  deadLetters(logId: string): Promise<DeliveryJob[]>;

  /** The relay's VAPID keys, created once by whoever asks first. */
  vapidKeys(create: () => VapidKeys): Promise<VapidKeys>;
}
