import { randomBytes } from 'node:crypto';
import { ORG_ONLY_CHANNEL_TYPES, type ChannelInput, type ChannelView, type WatchView } from '../../core';
import { HttpError } from '../http/http-error';
import type { ChannelConfig, ChannelOwner, StoredChannel, StoredWatch } from '../store/notify-store';
import { driverOf, type ChannelDrivers } from './channels/driver';
import { newWebhookSecret } from './channels/webhook';
import type { NotifyRuntime } from './notify-runtime';
import { checkDestination, DestinationError, type OutboundPolicy } from './ssrf/outbound';

export const newId = (prefix: string): string => `${prefix}_${randomBytes(16).toString('base64url')}`;

/** The URL a person gave, which the guard must allow; null for channels that go to the operator's own Microsoft endpoints. */
function destinationOf(config: ChannelConfig): { url: string; field: string } | null {
  switch (config.type) {
    case 'web-push':
      return { url: config.subscription.endpoint, field: 'subscription.endpoint' };
    case 'teams-bot':
      return null;
    default:
      return { url: config.url, field: 'url' };
  }
}

/** Refuse a destination the relay would never call (422 in words), before anything is stored. */
export async function checkChannelDestination(config: ChannelConfig, policy: OutboundPolicy, prefix = ''): Promise<void> {
  const destination = destinationOf(config);
  if (!destination) return;
  try {
    await checkDestination(new URL(destination.url), policy);
  } catch (err) {
    if (!(err instanceof DestinationError)) throw err;
    throw new HttpError(err.code === 'blocked_address' ? 'blocked_address' : err.code === 'unresolvable_host' ? 'unresolvable_host' : 'invalid_field', err.message, `${prefix}${destination.field}`);
  }
}

/** The stored configuration for a new channel of `owner`, checked and (for the bot) connected; nothing is stored when this throws. */
export async function newChannelConfig(input: ChannelInput, owner: ChannelOwner, runtime: NotifyRuntime): Promise<ChannelConfig> {
  if (ORG_ONLY_CHANNEL_TYPES.includes(input.type) && owner !== 'org') {
    throw new HttpError('invalid_field', `${input.type} channels are the organisation's: an admin creates them under /api/v1/org/channels`, 'type');
  }
  const config = await configOf(input, runtime);
  await checkChannelDestination(config, runtime.policy);
  return config;
}

/** The stored configuration for a channel's input: the organisation's kinds here, the rest as a watch's. */
function configOf(input: ChannelInput, runtime: NotifyRuntime): Promise<ChannelConfig> | ChannelConfig {
  switch (input.type) {
    case 'teams-workflow':
      return { type: 'teams-workflow', url: input.url };
    case 'teams-bot':
      return runtime.connectTeamsBot(input.user);
    default:
      return watchChannelConfig(input);
  }
}

/** A watch's own channel (never an organisation-only type: the schema does not take them); a webhook gets its signing secret here. */
export function watchChannelConfig(input: Exclude<ChannelInput, { type: 'teams-bot' | 'teams-workflow' }>): ChannelConfig {
  switch (input.type) {
    case 'webhook':
      return { type: 'webhook', url: input.url, secret: newWebhookSecret() };
    case 'ntfy':
      return input.token ? { type: 'ntfy', url: input.url, token: input.token } : { type: 'ntfy', url: input.url };
    case 'web-push':
      return { type: 'web-push', subscription: input.subscription };
  }
}

export function channelView(channel: StoredChannel, drivers: ChannelDrivers): ChannelView {
  return { id: channel.id, type: channel.config.type, name: channel.name, target: driverOf(drivers, channel.config).target(channel.config), createdAt: channel.createdAt, disabled: channel.disabled };
}

export function watchView(watch: StoredWatch, drivers: ChannelDrivers): WatchView {
  return { id: watch.id, when: watch.when, channel: { type: watch.channel.type as WatchView['channel']['type'], target: driverOf(drivers, watch.channel).target(watch.channel) }, createdAt: watch.createdAt, expiresAt: watch.expiresAt };
}
