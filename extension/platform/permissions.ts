/** Origins the manifest grants up front: the Teams and Outlook hosts and a relay on this computer. */
const LOOPBACK = new Set(['127.0.0.1', 'localhost']);

export function originPattern(url: string): string {
  return `${new URL(url).origin}/*`;
}

export function isLoopback(relayUrl: string): boolean {
  return LOOPBACK.has(new URL(relayUrl).hostname);
}

/** Whether the worker may fetch this relay (loopback is declared; others are optional). */
export async function hasRelayAccess(relayUrl: string): Promise<boolean> {
  if (isLoopback(relayUrl)) return true;
  return chrome.permissions.contains({ origins: [originPattern(relayUrl)] });
}

/** Whether the worker may fetch this address (the manifest's hosts, or allowed by the person). */
export async function hasHostAccess(url: string): Promise<boolean> {
  return chrome.permissions.contains({ origins: [originPattern(url)] });
}

/**
 * Ask for access to a web address's origin (a remote relay, a calendar link on a host the
 * manifest does not name). Must run in a page (options) from a click: the browser shows its
 * prompt only for a user gesture, and never in a service worker. Granted origins (the
 * manifest's, or allowed before) answer true without a prompt.
 */
export async function requestHostAccess(url: string): Promise<boolean> {
  if (await hasHostAccess(url)) return true;
  return chrome.permissions.request({ origins: [originPattern(url)] });
}

export async function requestRelayAccess(relayUrl: string): Promise<boolean> {
  if (isLoopback(relayUrl)) return true;
  return requestHostAccess(relayUrl);
}
