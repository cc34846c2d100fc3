import { z } from 'zod';
import type { PublicView } from '../status';
import { displayText } from './display-text';
import { GUID } from './guid';
import { LIMITS } from './limits';

/** Notification limits (relay-api.md, "Notifications"). */
export const NOTIFY_LIMITS = {
  channelsPerOwner: 20,
  rulesPerOwner: 50,
  watchesPerShare: 200,
  defaultWatchMinutes: 480,
  maxWatchMinutes: 1440,
  maxDebounceSeconds: 600,
  /** Delivery records kept per channel for GET …/deliveries. */
  deliveriesKept: 50,
} as const;

const httpsOrHttpUrl = z.url({ protocol: /^https?$/, message: 'must be an http or https URL' }).max(LIMITS.url);
const channelName = displayText(z.string().trim().min(1, 'must not be empty').max(LIMITS.displayName)).optional();

/** The browser's PushSubscription.toJSON(). */
export const pushSubscriptionSchema = z.object({
  endpoint: httpsOrHttpUrl,
  expirationTime: z.number().nullable().optional(),
  keys: z.object({ p256dh: z.string().min(16).max(256), auth: z.string().min(8).max(64) }),
});
export type PushSubscriptionJson = z.infer<typeof pushSubscriptionSchema>;

const webhookInput = z.strictObject({ type: z.literal('webhook'), url: httpsOrHttpUrl, name: channelName });
const workflowInput = z.strictObject({ type: z.literal('teams-workflow'), url: httpsOrHttpUrl, name: channelName });
const ntfyInput = z.strictObject({
  type: z.literal('ntfy'),
  /** The topic's URL, e.g. https://ntfy.sh/ada-is-free. */
  url: httpsOrHttpUrl.refine((u) => /^https?:\/\/[^/]+(\/[^/?#]+)*\/[-_A-Za-z0-9]{1,64}$/.test(u), 'must be the topic URL, ending with the topic name (e.g. https://ntfy.sh/ada-is-free)'),
  /** An ntfy access token for protected topics (sent as a bearer token). */
  token: z.string().trim().min(1).max(200).optional(),
  name: channelName,
});
const pushInput = z.strictObject({ type: z.literal('web-push'), subscription: pushSubscriptionSchema, name: channelName });
/** The organisation's Teams app writing to one person's chat: their email (UPN) or Entra object id. */
const teamsBotInput = z.strictObject({
  type: z.literal('teams-bot'),
  user: z
    .string()
    .trim()
    .min(1, 'must be the person\'s email or Entra object id')
    .max(LIMITS.email)
    .refine((u) => GUID.test(u) || z.email().safeParse(u).success, 'must be the person\'s email (user principal name) or Entra object id (a GUID)'),
  name: channelName,
});

export const CHANNEL_TYPES = ['webhook', 'teams-workflow', 'ntfy', 'web-push', 'teams-bot'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];
/** Channel types only the organisation may create (they speak as the organisation's own app). */
export const ORG_ONLY_CHANNEL_TYPES: readonly ChannelType[] = ['teams-bot'];

export const channelInputSchema = z.discriminatedUnion('type', [webhookInput, workflowInput, ntfyInput, pushInput, teamsBotInput], {
  error: () => `type must be one of ${CHANNEL_TYPES.join(', ')}`,
});
export type ChannelInput = z.infer<typeof channelInputSchema>;

/** A watch's channel: what a share-link holder can give (never the person's own channels). */
export const watchChannelSchema = z.discriminatedUnion('type', [webhookInput, ntfyInput, pushInput], {
  error: () => "channel.type must be one of webhook, ntfy, web-push (teams-workflow and teams-bot channels speak into their owner's Teams, so a watch cannot use them)",
});

export const RULE_WHENS = ['any-change', 'call-started', 'call-ended', 'available', 'busy'] as const;
export type RuleWhen = (typeof RULE_WHENS)[number];

const debounceSeconds = z.int().min(0).max(NOTIFY_LIMITS.maxDebounceSeconds).optional();
const ruleSchema = z.strictObject({ channelId: z.string().min(1).max(64), when: z.enum(RULE_WHENS), debounceSeconds });
export const rulesRequestSchema = z.strictObject({ rules: z.array(ruleSchema).max(NOTIFY_LIMITS.rulesPerOwner) });
export type Rule = z.infer<typeof ruleSchema> & { person?: string };

/** The organisation's rules name whose changes they follow (a roster email); without one, everyone's. */
const orgRuleSchema = ruleSchema.extend({ person: z.string().trim().toLowerCase().pipe(z.email('must be an email address')).optional() });
export const orgRulesRequestSchema = z.strictObject({ rules: z.array(orgRuleSchema).max(NOTIFY_LIMITS.rulesPerOwner) });

export const WATCH_WHENS = ['available', 'call-ended'] as const;
export type WatchWhen = (typeof WATCH_WHENS)[number];

export const watchRequestSchema = z.strictObject({
  when: z.enum(WATCH_WHENS),
  channel: watchChannelSchema,
  expiresInMinutes: z.int().min(1).max(NOTIFY_LIMITS.maxWatchMinutes).optional(),
});
export type WatchRequest = z.infer<typeof watchRequestSchema>;

export type NotifyEventType = 'status.changed' | 'watch.fired' | 'test';

/** What every channel carries (webhook and ntfy as JSON, inside cards and pushes). */
export interface NotifyEvent {
  type: NotifyEventType;
  id: string;
  at: string;
  person: { displayName: string };
  status: PublicView;
}

export type DeliveryState = 'delivered' | 'retrying' | 'dead';

export interface DeliveryRecord {
  eventId: string;
  at: string;
  state: DeliveryState;
  attempts: number;
  lastError?: string;
}

/** A channel as its owner sees it (secrets never again after creation). */
export interface ChannelView {
  id: string;
  type: ChannelType;
  name: string | null;
  /** Where it goes, for the owner's eyes: the URL, the push service's origin, or the Teams bot's person. */
  target: string;
  createdAt: string;
  /** Set when the relay stopped using it (the push subscription expired, the person blocked the Teams app, …), with why in words. */
  disabled: { reason: string; at: string } | null;
}

export interface WatchView {
  id: string;
  when: WatchWhen;
  channel: { type: 'webhook' | 'ntfy' | 'web-push'; target: string };
  createdAt: string;
  expiresAt: string;
}
