import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./browser/status-page-client.ts', import.meta.url));

let bundled: string | null = null;

/**
 * The status page's script: its TypeScript (relay/pages/browser/, with core's wording) bundled
 * into one plain ES module for the browser. Built in memory the first time it is served (a few
 * milliseconds), so `npm start`, the relay and every test serve the same thing without a build
 * step to forget.
 */
export function statusPageScript(): string {
  bundled ??= buildSync({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  }).outputFiles[0]!.text;
  return bundled;
}
