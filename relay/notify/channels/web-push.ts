import webpush from 'web-push';
import type { ChannelConfig, VapidKeys } from '../../store/notify-store';
import type { OutboundPolicy } from '../ssrf/outbound';
import type { ChannelDriver } from './driver';
import { guardedDriver } from './guarded-driver';

type PushConfig = Extract<ChannelConfig, { type: 'web-push' }>;
export type VapidSource = () => Promise<{ publicKey: string; privateKey: string; subject: string }>;

export function newVapidKeys(): VapidKeys {
  return webpush.generateVAPIDKeys();
}

/**
 * Web Push (RFC 8030) with VAPID and an encrypted payload, built by the web-push library but sent
 * by the relay's own guarded client, so the push service's URL goes through the same checks. A
 * push service saying 404/410 means the browser dropped the subscription: it will never work again.
 */
export const webPushDriver = (policy: OutboundPolicy, now: () => number, vapidKeys: VapidSource): ChannelDriver<PushConfig> =>
  guardedDriver(policy, now, {
    // A push endpoint is a secret capability, so only its origin.
    target: (c) => new URL(c.subscription.endpoint).origin,
    prepare: async (config, message) => {
      const vapid = await vapidKeys();
      const payload = JSON.stringify({ title: message.title, body: message.body, url: message.url, event: message.event });
      const details = webpush.generateRequestDetails(config.subscription, payload, {
        vapidDetails: { subject: vapid.subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey },
        TTL: 3600,
        urgency: message.urgent ? 'high' : 'normal',
      });
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(details.headers)) headers[k.toLowerCase()] = String(v);
      return { url: details.endpoint, method: 'POST', headers, body: details.body ?? undefined };
    },
    gone: (status) => (status === 404 || status === 410 ? 'the browser withdrew this push subscription; subscribe again from that browser' : null),
  });
