import type { ChannelConfig } from '../../store/notify-store';
import { messageText } from '../message-text';
import { JSON_HEADERS, type Sender } from './sender';

/** ntfy's JSON publishing: POST to the server's root with the topic in the body. */
export function ntfyTarget(url: string): { server: string; topic: string } {
  const parsed = new URL(url);
  const parts = parsed.pathname.split('/');
  const topic = parts.pop()!;
  parsed.pathname = `${parts.join('/')}/`;
  parsed.search = '';
  return { server: parsed.href, topic };
}

export const sendNtfy: Sender<Extract<ChannelConfig, { type: 'ntfy' }>> = async (config, event, ctx) => {
  const { server, topic } = ntfyTarget(config.url);
  const text = messageText(event);
  const inCall = event.status.activity === 'InACall' || event.status.call?.inCall === true;
  const body = {
    topic,
    title: text.title,
    message: text.body,
    // A watch someone is waiting on is more urgent than a routine change.
    priority: event.type === 'watch.fired' ? 4 : 3,
    tags: [event.status.availability === 'Available' ? 'green_circle' : inCall ? 'telephone_receiver' : 'red_circle', event.type],
    click: ctx.shareUrl,
  };
  return {
    url: server,
    method: 'POST',
    headers: { ...JSON_HEADERS, ...(config.token ? { authorization: `Bearer ${config.token}` } : {}) },
    body: JSON.stringify(body),
  };
};
