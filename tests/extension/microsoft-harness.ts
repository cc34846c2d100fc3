import { MicrosoftAccount, type MicrosoftSession } from '../../extension/sources/graph/account';
import { DEFAULT_MICROSOFT_SETTINGS } from '../../extension/sources/graph/settings';
import { extensionFetch, nodeAuthFlow } from '../fakes/microsoft/node-browser';
import { FAKE_CLIENT_ID } from '../fakes/microsoft/server';
import { memorySlot } from './worker-harness';

/** A redirect URI of the shape chrome.identity.getRedirectURL() gives. */
export const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';

/** A MicrosoftAccount wired to the fake with a Node stand-in for launchWebAuthFlow and the extension's Origin. */
export function account(origin: string, opts: { clock?: { now: number }; net?: { online: boolean }; launch?: (url: string, interactive: boolean) => Promise<string> } = {}) {
  const slot = memorySlot<MicrosoftSession | null>(null);
  const browser = nodeAuthFlow();
  const viaExtension = extensionFetch('abcdefghijklmnopabcdefghijklmnop');
  // Offline is the network failing under fetch, as the browser's fetch fails: a TypeError.
  const net: typeof fetch = (input, init) => (opts.net?.online === false ? Promise.reject(new TypeError('Failed to fetch')) : viaExtension(input, init));
  const a = new MicrosoftAccount({ slot, launchWebAuthFlow: opts.launch ?? browser.launch, redirectUri: REDIRECT, fetch: net, now: () => opts.clock?.now ?? Date.now(), log: () => undefined });
  return { a, slot, browser, configure: () => a.configure({ ...DEFAULT_MICROSOFT_SETTINGS, msClientId: FAKE_CLIENT_ID, msAuthority: origin, graphBaseUrl: origin }) };
}

