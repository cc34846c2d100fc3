import { INVITE_PATH } from '../../core';
import { checkRelayUrl } from './relay-url';

export type InviteCheck = { ok: true; relayUrl: string; code: string } | { ok: false; error: string };

/** Splits an invite link (`<relay>/join/<code>`) into the relay's address and the one-time code. */
export function checkInviteLink(raw: string): InviteCheck {
  const text = raw.trim();
  if (text === '') return { ok: false, error: 'Paste the invite link your administrator sent you.' };
  const at = text.lastIndexOf(INVITE_PATH);
  const code = at < 0 ? '' : text.slice(at + INVITE_PATH.length).replace(/[/?#].*$/, '');
  if (at < 0 || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43,}$/.test(code)) {
    return { ok: false, error: `That is not an invite link: it should look like https://status.example.com${INVITE_PATH}… Copy the whole link again.` };
  }
  const relay = checkRelayUrl(text.slice(0, at));
  if (!relay.ok) return { ok: false, error: relay.error };
  return { ok: true, relayUrl: relay.url, code };
}
