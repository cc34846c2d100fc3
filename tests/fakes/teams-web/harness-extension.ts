import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { TEAMS_HOSTS } from './server';

/**
 * A minimal unpacked extension around the real Teams web content script: its worker only
 * records `teamsWebUpdate` messages (`self.updates`) and exposes `self.act(action)`,
 * `self.ping()` and `self.inject()` for `serviceWorker.evaluate`. It tests the content script
 * and its channel without the product's worker (the full extension is tested end to end).
 */
const WORKER = `
self.updates = [];
chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (message && message.type === 'teamsWebUpdate') {
    self.updates.push({ ...message.payload, tabId: sender.tab && sender.tab.id });
    sendResponse({ ok: true });
  }
});
const teamsTab = async () => (await chrome.tabs.query({ url: ${JSON.stringify(TEAMS_HOSTS.map((h) => `https://${h}/*`))} }))[0];
self.act = async (action) => chrome.tabs.sendMessage((await teamsTab()).id, { type: 'teamsWebAction', payload: { action } });
self.ping = async () => chrome.tabs.sendMessage((await teamsTab()).id, { type: 'teamsWebPing', payload: null });
self.inject = async () => chrome.scripting.executeScript({ target: { tabId: (await teamsTab()).id }, files: ['content.js'] });
`;

export async function buildHarnessExtension(): Promise<{ dir: string; dispose(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'ts-teams-web-ext-'));
  await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      outDir: dir,
      emptyOutDir: false,
      minify: false,
      target: 'chrome116',
      lib: {
        entry: resolve(import.meta.dirname, '../../../extension/sources/teams-web/content.ts'),
        formats: ['iife'],
        name: 'teamsStatusContent',
        fileName: () => 'content.js',
      },
    },
  });
  const matches = TEAMS_HOSTS.map((h) => `https://${h}/*`);
  const manifest = {
    manifest_version: 3,
    name: 'Teams web content script harness',
    version: '0.0.1',
    permissions: ['scripting', 'tabs'],
    host_permissions: matches,
    background: { service_worker: 'worker.js' },
    content_scripts: [{ matches, js: ['content.js'], run_at: 'document_idle' }],
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(join(dir, 'worker.js'), WORKER);
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
