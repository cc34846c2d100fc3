import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { ChannelConfig } from '../../store/notify-store';
import { JSON_HEADERS, type PreparedRequest, type Sender } from './sender';

/** A new signing secret as the Standard Webhooks spec writes it: whsec_ and base64 of 24 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** A JSON body signed per the Standard Webhooks spec: `id` is the webhook-id, the same on every retry. */
export function signedRequest(config: Extract<ChannelConfig, { type: 'webhook' }>, id: string, body: string): PreparedRequest {
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
export const sendWebhook: Sender<Extract<ChannelConfig, { type: 'webhook' }>> = async (config, event) => signedRequest(config, event.id, JSON.stringify(event));
