import { z } from 'zod';
import { CHANNEL_TYPES, RULE_WHENS, WATCH_WHENS, type ChannelInput, type Rule } from '../../core';
import type { NotifyOverview } from '../shared/notify-messages';
import type { RelayClient } from './relay-client';

// What we rely on from the relay's notification answers (relay-api.md, "Notifications").
const channelSchema = z.looseObject({
  id: z.string(),
  type: z.enum(CHANNEL_TYPES),
  name: z.string().nullable(),
  target: z.string(),
  createdAt: z.string(),
  disabled: z.object({ reason: z.string(), at: z.string() }).nullable(),
});
const channelsSchema = z.object({ items: z.array(channelSchema) });
const createdSchema = channelSchema.extend({ secret: z.string().optional() });
const rulesSchema = z.object({ rules: z.array(z.looseObject({ channelId: z.string(), when: z.enum(RULE_WHENS), debounceSeconds: z.number().optional() })) });
const watchesSchema = z.object({
  items: z.array(z.looseObject({ id: z.string(), when: z.enum(WATCH_WHENS), channel: z.object({ type: z.enum(['webhook', 'ntfy', 'web-push']), target: z.string() }), createdAt: z.string(), expiresAt: z.string() })),
});
const deliveriesSchema = z.object({
  items: z.array(z.looseObject({ eventId: z.string(), at: z.string(), state: z.enum(['delivered', 'retrying', 'dead']), attempts: z.number(), lastError: z.string().optional() })),
});

/** A channel's deliveries shown on the page: the latest few are enough to see whether it works. */
const SHOWN_DELIVERIES = 3;

export function notifyApi(client: RelayClient) {
  return {
    async overview(): Promise<NotifyOverview> {
      const [channels, rules, watches] = await Promise.all([
        client.request('GET', '/api/v1/me/channels', channelsSchema),
        client.request('GET', '/api/v1/me/rules', rulesSchema),
        client.request('GET', '/api/v1/me/watches', watchesSchema),
      ]);
      const withDeliveries = await Promise.all(
        channels.items.map(async (c) => ({ ...c, deliveries: (await client.request('GET', `/api/v1/me/channels/${encodeURIComponent(c.id)}/deliveries`, deliveriesSchema)).items.slice(0, SHOWN_DELIVERIES) })),
      );
      return { channels: withDeliveries, rules: rules.rules, watches: watches.items };
    },
    async addChannel(input: ChannelInput): Promise<{ id: string; secret?: string }> {
      const created = await client.request('POST', '/api/v1/me/channels', createdSchema, input);
      return created.secret ? { id: created.id, secret: created.secret } : { id: created.id };
    },
    async removeChannel(id: string): Promise<void> {
      await client.request('DELETE', `/api/v1/me/channels/${encodeURIComponent(id)}`, null);
    },
    async testChannel(id: string): Promise<void> {
      await client.request('POST', `/api/v1/me/channels/${encodeURIComponent(id)}/test`, z.object({ eventId: z.string() }));
    },
    async setRules(rules: Rule[]): Promise<void> {
      await client.request('PUT', '/api/v1/me/rules', rulesSchema, { rules });
    },
    async removeWatch(id: string): Promise<void> {
      await client.request('DELETE', `/api/v1/me/watches/${encodeURIComponent(id)}`, null);
    },
  };
}

export type NotifyApi = ReturnType<typeof notifyApi>;
