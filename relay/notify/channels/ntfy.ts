import type { ChannelConfig } from '../../store/notify-store';
import type { OutboundPolicy } from '../ssrf/outbound';
import type { ChannelDriver } from './driver';
import { guardedDriver } from './guarded-driver';
import { JSON_HEADERS } from './sender';

type NtfyConfig = Extract<ChannelConfig, { type: 'ntfy' }>;

/** ntfy's JSON publishing: POST to the server's root with the topic in the body. */
export function ntfyTarget(url: string): { server: string; topic: string } {
  const parsed = new URL(url);
  const parts = parsed.pathname.split('/');
  const topic = parts.pop()!;
  parsed.pathname = `${parts.join('/')}/`;
  parsed.search = '';
  return { server: parsed.href, topic };
}

export const ntfyDriver = (policy: OutboundPolicy, now: () => number): ChannelDriver<NtfyConfig> =>
  guardedDriver(policy, now, {
    target: (c) => c.url,
    prepare: async (config, message) => {
      const { server, topic } = ntfyTarget(config.url);
      const body = {
        topic,
        title: message.title,
        message: message.body,
        // Someone waiting on it (a watch, a suggestion) is more urgent than a routine change.
        priority: message.urgent ? 4 : 3,
        tags: message.tags,
        click: message.url,
        ...(message.action ? { actions: [{ action: 'view', label: message.action.label, url: message.action.url }] } : {}),
      };
      return {
        url: server,
        method: 'POST',
        headers: { ...JSON_HEADERS, ...(config.token ? { authorization: `Bearer ${config.token}` } : {}) },
        body: JSON.stringify(body),
      };
    },
  });
