import { randomBytes } from 'node:crypto';
import type { ChannelInput, ChannelView, WatchView } from '../../core';
import { HttpError } from '../http/http-error';
import type { ChannelConfig, StoredChannel, StoredWatch } from '../store/notify-store';
import { newWebhookSecret } from './channels/webhook';
import { checkDestination, DestinationError, type OutboundPolicy } from './ssrf/outbound';

export const newId = (prefix: string): string => `${prefix}_${randomBytes(16).toString('base64url')}`;

function destinationOf(config: ChannelConfig): string {
  return config.type === 'web-push' ? config.subscription.endpoint : config.url;
}

/** Where a channel goes, for its owner's eyes; a push endpoint is a secret capability, so only its origin. */
export function targetOf(config: ChannelConfig): string {
  return config.type === 'web-push' ? new URL(config.subscription.endpoint).origin : config.url;
}

/** Refuse a destination the relay would never call (422 in words), before anything is stored. */
export async function checkChannelDestination(config: ChannelConfig, policy: OutboundPolicy, field: string): Promise<void> {
  try {
    await checkDestination(new URL(destinationOf(config)), policy);
  } catch (err) {
    if (!(err instanceof DestinationError)) throw err;
    throw new HttpError(err.code === 'blocked_address' ? 'blocked_address' : err.code === 'unresolvable_host' ? 'unresolvable_host' : 'invalid_field', err.message, field);
  }
}

/** The stored configuration for a new channel; a webhook gets its signing secret here. */
export function configOf(input: ChannelInput): ChannelConfig {
  switch (input.type) {
    case 'webhook':
      return { type: 'webhook', url: input.url, secret: newWebhookSecret() };
    case 'teams-workflow':
      return { type: 'teams-workflow', url: input.url };
    case 'ntfy':
      return input.token ? { type: 'ntfy', url: input.url, token: input.token } : { type: 'ntfy', url: input.url };
    case 'web-push':
      return { type: 'web-push', subscription: input.subscription };
  }
}

export function channelView(channel: StoredChannel): ChannelView {
  return { id: channel.id, type: channel.config.type, name: channel.name, target: targetOf(channel.config), createdAt: channel.createdAt, disabled: channel.disabled };
}

export function watchView(watch: StoredWatch): WatchView {
  return { id: watch.id, when: watch.when, channel: { type: watch.channel.type as WatchView['channel']['type'], target: targetOf(watch.channel) }, createdAt: watch.createdAt, expiresAt: watch.expiresAt };
}
