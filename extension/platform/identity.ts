/** chrome.identity for the Microsoft sign-in (Edge supports launchWebAuthFlow too, not getAuthToken). */

/** https://<extension-id>.chromiumapp.org/ — the redirect URI to register as a Single-page application. */
export function redirectUrl(): string {
  return chrome.identity.getRedirectURL();
}

/** Opens the sign-in window (interactive) or tries silently; resolves with the final redirect URL. */
export async function launchWebAuthFlow(url: string, interactive: boolean): Promise<string> {
  const final = await chrome.identity.launchWebAuthFlow({ url, interactive });
  if (!final) throw new Error('The sign-in window closed without an answer.');
  return final;
}
