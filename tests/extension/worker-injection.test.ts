import { describe, expect, it } from 'vitest';
import { injectIntoOpenTeamsTabs, TEAMS_URL_PATTERNS } from '../../extension/platform/tabs';

describe('content script injection on install/update', () => {
  it('injects the built content script into every open Teams tab and skips the ones that refuse', async () => {
    const queries: unknown[] = [];
    const injected: { tabId: number; files: string[] }[] = [];
    (globalThis as Record<string, unknown>).chrome = {
      runtime: { getManifest: () => ({ content_scripts: [{ js: ['extension/sources/teams-web/content.js'], matches: TEAMS_URL_PATTERNS }] }) },
      tabs: {
        query: async (q: unknown) => {
          queries.push(q);
          return [{ id: 4 }, { id: 9 }, {}];
        },
      },
      scripting: {
        executeScript: async ({ target, files }: { target: { tabId: number }; files: string[] }) => {
          if (target.tabId === 9) throw new Error('Frame with ID 0 is showing error page');
          injected.push({ tabId: target.tabId, files });
          return [];
        },
      },
    };
    expect(await injectIntoOpenTeamsTabs()).toBe(1);
    expect(queries).toEqual([{ url: TEAMS_URL_PATTERNS }]);
    expect(injected).toEqual([{ tabId: 4, files: ['extension/sources/teams-web/content.js'] }]);
  });
});
