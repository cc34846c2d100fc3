import type { DeliveryRecord, NotifyEvent } from '../../core';
import { ownerStatus, publicViewOf, shareStateOf } from '../http/views';
import type { ChannelConfig, LeasedJob, Settlement, StoredChannel } from '../store/notify-store';
import type { RelayMetrics } from '../metrics';
import type { Store } from '../store/store';
import { sendRescheduleNotice } from '../roulette/reschedule-notice';
import { nextAttemptDelay, retryAfterMs } from './backoff';
import { stillHolds } from './conditions';
import { sendNtfy } from './channels/ntfy';
import type { PreparedRequest, SendContext } from './channels/sender';
import { sendWorkflow } from './channels/teams-workflow';
import { sendWebhook } from './channels/webhook';
import { sendWebPush } from './channels/web-push';
import { DestinationError, outboundFetch, type OutboundPolicy } from './ssrf/outbound';

export interface DeliverOptions {
  store: Store;
  metrics?: Pick<RelayMetrics, 'notifyDeliveries'>;
  policy: OutboundPolicy;
  publicUrl: string;
  vapid: SendContext['vapid'];
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  now: () => number;
}

function prepare(config: ChannelConfig, event: NotifyEvent, ctx: SendContext): Promise<PreparedRequest> {
  switch (config.type) {
    case 'webhook':
      return sendWebhook(config, event, ctx);
    case 'teams-workflow':
      return sendWorkflow(config, event, ctx);
    case 'ntfy':
      return sendNtfy(config, event, ctx);
    case 'web-push':
      return sendWebPush(config, event, ctx);
  }
}

/** Statuses worth trying again: the receiver is busy or broken for now, not refusing for good. */
const TRANSIENT = new Set([408, 425, 429, 500, 502, 503, 504]);

type Attempt = { ok: true } | { ok: false; error: string; retry: boolean; retryAfterMs: number | null; gone?: boolean };

async function attempt(request: PreparedRequest, policy: OutboundPolicy, nowMs: number): Promise<Attempt> {
  try {
    const res = await outboundFetch(request.url, request, policy);
    if (res.status >= 200 && res.status < 300) {
      const wrong = request.expect?.(res.status, res.body) ?? null;
      return wrong ? { ok: false, error: wrong, retry: false, retryAfterMs: null } : { ok: true };
    }
    const error = `the receiver answered HTTP ${res.status}`;
    // A push service saying 404/410 means the browser dropped the subscription: it will never work again.
    return { ok: false, error, retry: TRANSIENT.has(res.status), retryAfterMs: retryAfterMs(res.headers['retry-after'], nowMs), gone: res.status === 404 || res.status === 410 };
  } catch (err) {
    if (err instanceof DestinationError) return { ok: false, error: err.message, retry: err.code === 'unresolvable_host', retryAfterMs: null };
    const reason = err instanceof Error && err.name === 'TimeoutError' ? 'no answer in time' : err instanceof Error ? err.message : String(err);
    return { ok: false, error: `could not reach the receiver: ${reason}`, retry: true, retryAfterMs: null };
  }
}

/** One attempt at one leased job, settled in the store (which refuses it if the lease was lost), counted by outcome. */
export async function deliver(leased: LeasedJob, options: DeliverOptions): Promise<Settlement['state']> {
  const channel: StoredChannel | null = leased.job.channelId ? await options.store.notify.getChannel(leased.job.channelId) : null;
  const config = leased.job.watch?.channel ?? channel?.config;
  const outcome = await attemptJob(leased, channel, config, options);
  options.metrics?.notifyDeliveries.inc({ channel_type: config?.type ?? 'gone', outcome });
  return outcome;
}

async function attemptJob(leased: LeasedJob, channel: StoredChannel | null, config: ChannelConfig | undefined, options: DeliverOptions): Promise<Settlement['state']> {
  const { store, now } = options;
  const { job } = leased;
  const drop = async () => (await store.notify.settle(leased, { state: 'dropped' }, null), 'dropped' as const);
  if (!config || channel?.disabled) return drop();
  // Meeting roulette's suggestion is about a group, not a status: it carries its event whole.
  if (job.type === 'roulette.reschedule') {
    if (!job.reschedule) return drop();
    return finish(leased, await attempt(await sendRescheduleNotice(config, job.reschedule, { shareUrl: job.reschedule.url, vapid: options.vapid }), options.policy, now()), channel, options);
  }
  if (job.sample) return finish(leased, await attempt(await prepare(config, job.sample, { shareUrl: options.publicUrl, vapid: options.vapid }), options.policy, now()), channel, options);
  const user = await store.getUser(job.userId);
  if (!user) return drop();
  // A watch made through a share that was rotated away ends with it.
  if (job.watch && job.watch.shareId !== user.shareId) return drop();
  const nowMs = now();
  const record = await store.getStatusRecord(user.userId);
  // The condition is judged on the full status (a basic share hides calls); the event shows the share's level.
  const full = ownerStatus(user, record, nowMs);
  if (job.recheck && !stillHolds(job.recheck, { availability: full.availability, activity: full.activity, inCall: full.call?.inCall === true })) return drop();
  const view = publicViewOf(shareStateOf(user, record), nowMs);
  const event: NotifyEvent = { type: job.type, id: job.eventId, at: job.at, person: { displayName: user.displayName }, status: view };
  const ctx: SendContext = { shareUrl: `${options.publicUrl}/s/${user.shareId}`, vapid: options.vapid };
  return finish(leased, await attempt(await prepare(config, event, ctx), options.policy, nowMs), channel, options);
}

/** Record an attempt's outcome: delivered, tried again later, or dead. */
async function finish(leased: LeasedJob, result: Attempt, channel: StoredChannel | null, options: DeliverOptions): Promise<Settlement['state']> {
  const { store, now } = options;
  const { job } = leased;
  const attempts = job.attempts + 1;
  const at = new Date(now()).toISOString();
  if (result.ok) {
    await store.notify.settle(leased, { state: 'delivered' }, { eventId: job.eventId, at, state: 'delivered', attempts });
    return 'delivered';
  }
  if (result.gone && channel?.config.type === 'web-push') {
    await store.notify.putChannel({ ...channel, disabled: { reason: 'the browser withdrew this push subscription; subscribe again from that browser', at } });
  }
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
