import webpush from 'web-push';
import type { ChannelConfig, VapidKeys } from '../../store/notify-store';
import { messageText } from '../message-text';
import type { PreparedRequest, SendContext, Sender } from './sender';

export function newVapidKeys(): VapidKeys {
  return webpush.generateVAPIDKeys();
}

/**
 * Web Push (RFC 8030) with VAPID and an encrypted payload, built by the web-push library but sent
 * by the relay's own guarded client, so the push service's URL goes through the same checks.
 */
export const sendWebPush: Sender<Extract<ChannelConfig, { type: 'web-push' }>> = async (config, event, ctx) => {
  const text = messageText(event);
  return pushRequest(config, JSON.stringify({ title: text.title, body: text.body, url: ctx.shareUrl, event }), event.type === 'watch.fired' ? 'high' : 'normal', ctx);
};

/** One encrypted push of `payload` to the subscription, signed with the relay's VAPID keys. */
export async function pushRequest(config: Extract<ChannelConfig, { type: 'web-push' }>, payload: string, urgency: 'high' | 'normal', ctx: SendContext): Promise<PreparedRequest> {
  const vapid = await ctx.vapid();
  const details = webpush.generateRequestDetails(config.subscription, payload, {
    vapidDetails: { subject: vapid.subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey },
    TTL: 3600,
    urgency,
  });
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(details.headers)) headers[k.toLowerCase()] = String(v);
  return { url: details.endpoint, method: 'POST', headers, body: details.body ?? undefined };
}
