import browser from 'webextension-polyfill';
import type { Envelope, ExtensionMessages, Handlers, MessageType } from '../shared/messages';

/** Send one typed message from a page (popup, options) to the service worker. */
export async function send<K extends MessageType>(type: K, payload: ExtensionMessages[K]['request']): Promise<ExtensionMessages[K]['response']> {
  const envelope: Envelope<K> = { type, payload };
  try {
    return (await browser.runtime.sendMessage(envelope)) as ExtensionMessages[K]['response'];
  } catch (err) {
    // The worker may be restarting; say so in words rather than throwing into the UI.
    return { ok: false, error: `The extension's background worker did not answer (${(err as Error).message}).` } as ExtensionMessages[K]['response'];
  }
}

function isEnvelope(value: unknown, handlers: Handlers): value is Envelope {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' && (value as { type: string }).type in handlers;
}

/**
 * Register the worker's handlers. Messages are accepted only from this extension's own pages
 * (sender.id and a chrome-extension:// origin), never from content scripts or other extensions.
 */
export function listen(handlers: Handlers): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) => {
    if (!isEnvelope(message, handlers)) return undefined;
    if (sender.id !== browser.runtime.id || !sender.url?.startsWith(browser.runtime.getURL(''))) {
      return Promise.resolve({ ok: false, error: 'Messages are accepted from this extension\'s own pages only.' });
    }
    const handler = handlers[message.type] as (payload: unknown) => Promise<unknown>;
    return handler(message.payload).catch((err: unknown) => ({ ok: false, error: err instanceof Error ? err.message : String(err) }));
  });
}
