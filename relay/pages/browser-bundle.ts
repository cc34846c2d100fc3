import type * as Esbuild from 'esbuild';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** File name of the bundled status page script, in the assets directory and under /assets/. */
export const STATUS_PAGE_SCRIPT = 'status-page.js';

const ENTRY = fileURLToPath(new URL('./browser/status-page-client.ts', import.meta.url));

/**
 * The status page's script: its TypeScript (relay/pages/browser/, with core's wording) bundled
 * into one plain ES module for the browser. `npm run build:relay` writes it beside the bundle;
 * from source it is built in memory the first time it is served (a few milliseconds), so
 * `npm start` and the tests need no build step to forget. esbuild is required lazily: the
 * production bundle never loads it (its prebuilt file is found first).
 */
export function bundleStatusPageScript(): string {
  const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof Esbuild;
  return buildSync({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  }).outputFiles[0]!.text;
}
