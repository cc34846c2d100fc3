import { GUID } from '../../../core';
import type { SourceSettings } from '../../shared/messages';

export type MicrosoftSettings = Pick<SourceSettings, 'msClientId' | 'msTenant' | 'msAuthority' | 'graphBaseUrl' | 'graphWriteBack'>;

export const DEFAULT_MICROSOFT_SETTINGS: MicrosoftSettings = {
  msClientId: '',
  msTenant: 'organizations',
  msAuthority: 'https://login.microsoftonline.com',
  graphBaseUrl: 'https://graph.microsoft.com',
  graphWriteBack: false,
};

/** What the extension asks for; Presence.ReadWrite only when write-back is on. */
export function scopesFor(settings: Pick<MicrosoftSettings, 'graphWriteBack'>): string[] {
  return ['openid', 'profile', 'offline_access', 'User.Read', 'Presence.Read', 'Calendars.ReadBasic', ...(settings.graphWriteBack ? ['Presence.ReadWrite'] : [])];
}


function httpsOrigin(value: string, what: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `The ${what} must be an address like https://login.microsoftonline.com.`;
  }
  if (url.protocol !== 'https:') return `The ${what} must start with https://.`;
  if (url.pathname !== '/' || url.search || url.hash) return `The ${what} is a host only, without a path (like ${url.origin}).`;
  return null;
}

/** Words for a Microsoft setting the worker refuses, or null. */
export function checkMicrosoftSettings(patch: Partial<MicrosoftSettings>): string | null {
  // Messages arrive as plain JSON from a page: check the kinds before reading them.
  for (const key of ['msClientId', 'msTenant', 'msAuthority', 'graphBaseUrl'] as const) {
    if (patch[key] !== undefined && typeof patch[key] !== 'string') return `The setting ${key} must be text.`;
  }
  if (patch.graphWriteBack !== undefined && typeof patch.graphWriteBack !== 'boolean') return 'The status-message switch must be on or off.';
  if (patch.msClientId !== undefined && patch.msClientId !== '' && !GUID.test(patch.msClientId.trim())) return 'The Application (client) ID is a GUID like 00000000-0000-0000-0000-000000000000 (Entra admin center → App registrations → Overview).';
  if (patch.msTenant !== undefined && !/^[A-Za-z0-9.-]{1,100}$/.test(patch.msTenant.trim())) return 'The tenant is "organizations", "common", a tenant id (GUID) or a domain like contoso.com.';
  if (patch.msAuthority !== undefined) return httpsOrigin(patch.msAuthority.replace(/\/+$/, '/'), 'sign-in authority');
  if (patch.graphBaseUrl !== undefined) return httpsOrigin(patch.graphBaseUrl.replace(/\/+$/, '/'), 'Graph base URL');
  return null;
}

/** Trailing slashes off, so `${authority}/${tenant}/…` is one slash. */
export const trimBase = (url: string) => url.trim().replace(/\/+$/, '');

/** The link an administrator opens to consent for the whole tenant. */
export function adminConsentUrl(settings: MicrosoftSettings, redirectUri: string): string {
  const tenant = settings.msTenant === 'organizations' || settings.msTenant === 'common' ? 'organizations' : settings.msTenant;
  const q = new URLSearchParams({ client_id: settings.msClientId, redirect_uri: redirectUri, scope: scopesFor(settings).filter((s) => s.includes('.')).map((s) => `https://graph.microsoft.com/${s}`).join(' ') });
  return `${trimBase(settings.msAuthority)}/${tenant}/v2.0/adminconsent?${q.toString()}`;
}
