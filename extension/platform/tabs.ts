/** The Teams web hosts (teams-web.md); matches the manifest's host permissions. */
export const TEAMS_URL_PATTERNS = ['https://teams.microsoft.com/*', 'https://teams.cloud.microsoft/*', 'https://teams.live.com/*'];

/** Open Teams tabs (host permissions let us see their URLs without the `tabs` permission). */
export async function teamsTabIds(): Promise<number[]> {
  const tabs = await chrome.tabs.query({ url: TEAMS_URL_PATTERNS });
  return tabs.flatMap((t) => (t.id === undefined ? [] : [t.id]));
}

/**
 * Content scripts are not injected into tabs opened before install or update: inject the
 * manifest's own content scripts (their built file names) into every open Teams tab.
 * Returns how many tabs got them; failures (a discarded tab, an error page) are skipped.
 */
export async function injectIntoOpenTeamsTabs(): Promise<number> {
  const files = (chrome.runtime.getManifest().content_scripts ?? []).flatMap((c) => c.js ?? []);
  if (files.length === 0) return 0;
  let injected = 0;
  for (const tabId of await teamsTabIds()) {
    try {
      await chrome.scripting.executeScript({ target: { tabId }, files });
      injected += 1;
    } catch (err) {
      console.warn(`[teams-status] could not inject into tab ${tabId}: ${(err as Error).message}`);
    }
  }
  return injected;
}

export function onTabRemoved(handler: (tabId: number) => void): void {
  chrome.tabs.onRemoved.addListener((tabId) => handler(tabId));
}

export function onInstalled(handler: (reason: string) => void): void {
  chrome.runtime.onInstalled.addListener((details) => handler(details.reason));
}

export function onStartup(handler: () => void): void {
  chrome.runtime.onStartup.addListener(handler);
}
