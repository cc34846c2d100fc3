/**
 * Microsoft sign-in failures in words a person can act on. Entra puts an `AADSTS<number>` code
 * at the start of `error_description`; the number, not the wording, decides.
 */

export class MicrosoftAuthError extends Error {
  constructor(
    message: string,
    /** True when only a new interactive sign-in can fix it (the worker stops polling until then). */
    readonly needsSignIn: boolean,
  ) {
    super(message);
    this.name = 'MicrosoftAuthError';
  }
}

export function aadstsCode(description: string | null | undefined): number | null {
  const m = /AADSTS(\d+)/.exec(description ?? '');
  return m ? Number(m[1]) : null;
}

/** Words for an Entra error (`error` + `error_description`); the redirect URI to register is named where it helps. */
export function aadErrorWords(error: string, description: string | null, redirectUri: string): string {
  const code = aadstsCode(description);
  switch (code) {
    case 65001:
      return 'Your organisation has not consented to this app yet (AADSTS65001). An administrator can grant consent with the admin-consent link on this page; until then, the calendar link works without consent.';
    case 90094:
    case 90095:
      return 'Your organisation lets only administrators approve apps (AADSTS90094). Send the admin-consent link on this page to your IT administrator, or use the calendar link instead.';
    case 7000112:
      return 'This application is disabled in your organisation (AADSTS7000112). Ask your administrator to enable it, or register your own app and enter its client ID.';
    case 50011:
      return `The redirect URI is not registered for this app (AADSTS50011). In the app registration, add ${redirectUri} under "Single-page application".`;
    case 9002326:
    case 9002327:
    case 90023:
      return `The redirect URI is registered under the wrong platform (AADSTS${code}). Register ${redirectUri} as a "Single-page application", not "Mobile and desktop applications" or "Web".`;
    case 700016:
      return 'Microsoft does not know this Application (client) ID in that tenant (AADSTS700016). Check both fields against the app registration\'s Overview page.';
    case 50058:
    case 50076:
    case 50079:
    case 65004:
      return 'Microsoft needs you to sign in again (your session ended or more verification is asked). Open the options page and click "Sign in with Microsoft".';
    case 700084:
    case 70008:
    case 70000:
      return 'Your Microsoft sign-in expired (single-page apps may renew for 24 hours only). Sign in again on the options page.';
    default:
      break;
  }
  if (error === 'login_required' || error === 'interaction_required') return 'Microsoft needs you to sign in again. Open the options page and click "Sign in with Microsoft".';
  if (error === 'consent_required') return aadErrorWords(error, 'AADSTS65001', redirectUri);
  if (error === 'access_denied') return 'Sign-in was refused (access denied). If your organisation blocks user consent, send the admin-consent link on this page to your administrator.';
  return `Microsoft refused the sign-in (${error}${description ? `: ${description.split(/\r?\n| Trace ID/)[0]}` : ''}).`;
}

/** launchWebAuthFlow's own failures: the window closed, no network, nothing non-interactive possible. */
export function flowFailureWords(message: string, redirectUri: string): string {
  if (/did not approve|cancel|closed/i.test(message)) {
    return `Sign-in was cancelled (the Microsoft window was closed). If it showed an AADSTS50011 error, add ${redirectUri} under "Single-page application" in the app registration.`;
  }
  if (/interaction required|user interaction/i.test(message)) return 'Microsoft needs you to sign in again. Open the options page and click "Sign in with Microsoft".';
  if (/could not be loaded|net::|ERR_/i.test(message)) return 'The Microsoft sign-in page could not be loaded: are you offline?';
  return `Sign-in did not complete: ${message}`;
}

/** A fetch that threw before any answer: no network, DNS, TLS. */
export function offlineWords(host: string): string {
  return `Cannot reach Microsoft (${host}): you may be offline. The extension will try again.`;
}
