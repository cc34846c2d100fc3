/** Origins the manifest grants up front: the Teams hosts and a relay on this computer. */
const LOOPBACK = new Set(['127.0.0.1', 'localhost']);

export function originPattern(relayUrl: string): string {
  return `${new URL(relayUrl).origin}/*`;
}

export function isLoopback(relayUrl: string): boolean {
  return LOOPBACK.has(new URL(relayUrl).hostname);
}

/** Whether the worker may fetch this relay (loopback is declared; others are optional). */
export async function hasRelayAccess(relayUrl: string): Promise<boolean> {
  if (isLoopback(relayUrl)) return true;
  return chrome.permissions.contains({ origins: [originPattern(relayUrl)] });
}

/**
 * Ask for access to a remote relay's origin. Must run in a page (options) from a click: the
 * browser shows its prompt only for a user gesture, and never in a service worker.
 */
export async function requestRelayAccess(relayUrl: string): Promise<boolean> {
  if (await hasRelayAccess(relayUrl)) return true;
  return chrome.permissions.request({ origins: [originPattern(relayUrl)] });
}
