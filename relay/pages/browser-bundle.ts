import type * as Esbuild from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The relay's browser scripts: served file name → source entry. The status page is TypeScript
 * (relay/pages/browser/, with core's wording); the board and the push worker are plain JS. Each is bundled into one
 * plain ES module.
 */
export const BROWSER_SCRIPTS = {
  'status-page.js': fileURLToPath(new URL('./browser/status-page-client.ts', import.meta.url)),
  'board.js': fileURLToPath(new URL('../org/board-client.js', import.meta.url)),
  // The status page's service worker (Web Push watches): plain JS, its own global scope.
  'push-worker.js': fileURLToPath(new URL('./browser/push-worker.js', import.meta.url)),
} as const;

export type BrowserScript = keyof typeof BROWSER_SCRIPTS;

/** File name of the bundled status page script, in the assets directory and under /assets/. */
export const STATUS_PAGE_SCRIPT: BrowserScript = 'status-page.js';

/**
 * One browser script bundled now. `npm run build:relay` writes each beside the bundle; from
 * source they are built in memory on first use (a few milliseconds), so `npm start` and the tests
 * need no build step to forget. esbuild is required lazily: the production bundle never loads it
 * (its prebuilt files are found first).
 */
export function bundleBrowserScript(name: BrowserScript): string {
  const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof Esbuild;
  return buildSync({
    entryPoints: [BROWSER_SCRIPTS[name]],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  }).outputFiles[0]!.text;
}

/** The prebuilt script in `dir` (the production bundle's assets), else one built in memory once. */
export function browserScript(dir: string, name: BrowserScript): () => string {
  const prebuilt = join(dir, name);
  let text: string | null = existsSync(prebuilt) ? readFileSync(prebuilt, 'utf8') : null;
  return () => (text ??= bundleBrowserScript(name));
}
