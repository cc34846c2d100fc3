import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { ChannelConfig } from '../../store/notify-store';
import type { OutboundPolicy } from '../ssrf/outbound';
import type { ChannelDriver } from './driver';
import { guardedDriver } from './guarded-driver';
import { JSON_HEADERS, type PreparedRequest } from './sender';

type WebhookConfig = Extract<ChannelConfig, { type: 'webhook' }>;

/** A new signing secret as the Standard Webhooks spec writes it: whsec_ and base64 of 24 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** A JSON body signed per the Standard Webhooks spec: `id` is the webhook-id, the same on every retry. */
export function signedRequest(config: WebhookConfig, id: string, body: string): PreparedRequest {
  const timestamp = new Date();
  const signature = new Webhook(config.secret).sign(id, timestamp, body);
  return {
    url: config.url,
    method: 'POST',
    headers: {
      ...JSON_HEADERS,
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': signature,
    },
    body,
  };
}

/** The event as JSON, its id the webhook-id. */
export const webhookDriver = (policy: OutboundPolicy, now: () => number): ChannelDriver<WebhookConfig> =>
  guardedDriver(policy, now, { target: (c) => c.url, prepare: async (config, message) => signedRequest(config, message.id, JSON.stringify(message.event)) });
