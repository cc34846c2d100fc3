import { parseContentMessage } from '../shared/content-messages';
import type { ContentEnvelope, ContentToWorker, WorkerToContent } from '../shared/content-messages';
import { TEAMS_URL_PATTERNS } from './tabs';

const TEAMS_ORIGINS = TEAMS_URL_PATTERNS.map((p) => p.replace('/*', ''));

/**
 * The worker's side of the content-script channel (extension/shared/content-messages.ts).
 * A content script speaks for a web page, so every message is validated and must come from
 * this extension's script in a tab on a Teams host.
 */
export function onContentMessage(handler: (tabId: number, message: ContentEnvelope<ContentToWorker>) => Promise<void>): void {
  chrome.runtime.onMessage.addListener((raw: unknown, sender, sendResponse) => {
    const message = parseContentMessage(raw);
    if (!message) return undefined;
    const tabId = sender.tab?.id;
    const fromTeams = TEAMS_ORIGINS.some((o) => sender.url?.startsWith(`${o}/`) || sender.url === o);
    if (sender.id !== chrome.runtime.id || tabId === undefined || !fromTeams) {
      sendResponse({ ok: false, error: 'Only the Teams Status content script on a Teams page may send this.' });
      return undefined;
    }
    handler(tabId, message).then(() => sendResponse({ ok: true }), (err: unknown) => sendResponse({ ok: false, error: err instanceof Error ? err.message : String(err) }));
    // Keep the channel open for the asynchronous answer (Chrome < 144 ignores returned promises).
    return true;
  });
}

export function sendToTab(tabId: number, message: ContentEnvelope<WorkerToContent>): Promise<unknown> {
  return chrome.tabs.sendMessage(tabId, message);
}
