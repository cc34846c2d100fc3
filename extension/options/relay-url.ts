import { LIMITS, displayTextProblem } from '../../core';

export type UrlCheck = { ok: true; url: string } | { ok: false; error: string };

/**
 * Checks the relay address before anything is sent: http(s) only, a host, no credentials.
 * Returns the normalised origin-plus-path (no trailing slash) the worker should use.
 */
export function checkRelayUrl(raw: string): UrlCheck {
  const text = raw.trim();
  if (text === '') return { ok: false, error: 'Enter the relay address, for example https://status.example.com.' };
  if (text.length > LIMITS.url) return { ok: false, error: `That address is longer than ${LIMITS.url} characters.` };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, error: 'That is not a web address. It should start with https:// (or http:// for a relay on this computer).' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, error: `The relay address must start with https:// or http://, not ${url.protocol}//.` };
  if (!url.hostname) return { ok: false, error: 'The relay address needs a host name.' };
  if (url.username || url.password) return { ok: false, error: 'Leave the user name and password out of the relay address.' };
  if (url.search || url.hash) return { ok: false, error: 'The relay address should not contain ? or #; paste just the address.' };
  return { ok: true, url: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}

/** Checks the Teams local API address (options → Advanced): ws:// or wss:// only. */
export function checkTeamsLocalUrl(raw: string): UrlCheck {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, error: 'That is not an address; the usual one is ws://127.0.0.1:8124.' };
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return { ok: false, error: 'The Teams local API address must start with ws:// (usually ws://127.0.0.1:8124).' };
  if (url.search || url.hash) return { ok: false, error: 'Leave ? and # parts out; the extension adds the connection parameters itself.' };
  return { ok: true, url: `${url.protocol}//${url.host}` };
}

/** Checks the display name the relay will show on the share page. */
export function checkDisplayName(raw: string): { ok: true; name: string } | { ok: false; error: string } {
  const name = raw.trim();
  if (name === '') return { ok: false, error: 'Enter your name as people should see it on your status page.' };
  if (name.length > LIMITS.displayName) return { ok: false, error: `Keep your name under ${LIMITS.displayName} characters.` };
  // The relay's own rule, so the page refuses exactly what the relay would.
  if (displayTextProblem(name) !== null) return { ok: false, error: 'Your name contains invisible or direction-changing characters; type it again.' };
  return { ok: true, name };
}
