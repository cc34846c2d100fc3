import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_LOCATIONS } from '../locations';
import { faviconSvg, FAVICON_PATHS } from './favicon';
import { statusIconSvg, STATUS_ICON_PATHS } from './status-icons';
import { STATUS_PAGE_CSS } from './status-page-css';

/** One static file of the status page. */
export interface PageAsset {
  body: string | Uint8Array;
  contentType: string;
}

const JS = 'text/javascript; charset=utf-8';

/**
 * The page's plain script files: served path → file name in the assets directory. The relay
 * build copies exactly these next to its bundle (scripts/build-relay.ts reads this list).
 */
export const PAGE_SCRIPT_FILES: ReadonlyMap<string, string> = new Map([
  ['/assets/status-page.js', 'status-page-client.js'],
  ['/assets/status-format.js', 'status-format.js'],
  ['/assets/status-page-timeline.js', 'status-page-timeline.js'],
  ['/assets/status-page-watch.js', 'status-page-watch.js'],
  ['/assets/status-page-push.js', 'status-page-push.js'],
  ['/assets/push-worker.js', 'push-worker.js'],
]);

const loaded = new Map<string, ReadonlyMap<string, PageAsset>>();

/**
 * Static files of the status page keyed by URL path, read once per directory; the server serves
 * them as is. The browser loads the scripts as ES modules (status-page.js imports the others).
 */
export function pageAssets(dir: string = DEFAULT_LOCATIONS.assetsDir): ReadonlyMap<string, PageAsset> {
  const cached = loaded.get(dir);
  if (cached) return cached;
  const assets = new Map<string, PageAsset>([
    ['/assets/status-page.css', { body: STATUS_PAGE_CSS, contentType: 'text/css; charset=utf-8' }],
    ...[...PAGE_SCRIPT_FILES].map(([path, file]): [string, PageAsset] => [path, { body: readFileSync(join(dir, file), 'utf8'), contentType: JS }]),
    ...[...FAVICON_PATHS].map(([path, a]): [string, PageAsset] => [path, { body: faviconSvg(a), contentType: 'image/svg+xml' }]),
    ...[...STATUS_ICON_PATHS].map(([path, a]): [string, PageAsset] => [path, { body: statusIconSvg(a), contentType: 'image/svg+xml' }]),
  ]);
  loaded.set(dir, assets);
  return assets;
}
