import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { ChannelConfig } from '../../store/notify-store';
import { JSON_HEADERS, type Sender } from './sender';

/** A new signing secret as the Standard Webhooks spec writes it: whsec_ and base64 of 24 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** Signed per the Standard Webhooks spec: the event id is the webhook-id, the same on every retry. */
export const sendWebhook: Sender<Extract<ChannelConfig, { type: 'webhook' }>> = async (config, event) => {
  const body = JSON.stringify(event);
  const timestamp = new Date();
  const signature = new Webhook(config.secret).sign(event.id, timestamp, body);
  return {
    url: config.url,
    method: 'POST',
    headers: {
      ...JSON_HEADERS,
      'webhook-id': event.id,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': signature,
    },
    body,
  };
};
