import browser from 'webextension-polyfill';
import { parseWorkerRequest } from '../shared/content-messages';
import type { ContentToWorker, WorkerToContentHandlers } from '../shared/content-messages';

/**
 * The content script's side of the content ↔ worker contract (extension/shared/content-messages.ts).
 * The worker's side validates with `parseContentMessage` and answers with `tabs.sendMessage`.
 */

/** False once the extension was reloaded or removed: this copy of the script is orphaned. */
export function channelAlive(): boolean {
  try {
    return typeof browser.runtime?.id === 'string';
  } catch {
    return false;
  }
}

/** Send one typed message to the worker; failures come back as words, never as a throw. */
export async function sendToWorker<K extends keyof ContentToWorker>(type: K, payload: ContentToWorker[K]['request']): Promise<ContentToWorker[K]['response']> {
  try {
    const reply = (await browser.runtime.sendMessage({ type, payload })) as ContentToWorker[K]['response'] | undefined;
    return reply ?? { ok: false, error: 'The extension\'s background worker did not answer.' };
  } catch (err) {
    return { ok: false, error: `The extension's background worker could not be reached (${(err as Error).message}).` };
  }
}

/**
 * Answer the worker's requests. Only this extension can message a content script, but the
 * sender is still checked and every payload validated. Returns a function that stops listening.
 */
export function listenToWorker(handlers: WorkerToContentHandlers): () => void {
  const listener = (message: unknown, sender: browser.Runtime.MessageSender): Promise<unknown> | undefined => {
    const request = parseWorkerRequest(message);
    if (!request) return undefined;
    if (sender.id !== browser.runtime.id) return Promise.resolve({ ok: false, error: 'Requests are accepted from this extension only.' });
    const answer = request.type === 'teamsWebAction' ? handlers.teamsWebAction(request.payload) : handlers.teamsWebPing(request.payload);
    return answer.catch((err: unknown) => ({ ok: false, error: err instanceof Error ? err.message : String(err) }));
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
