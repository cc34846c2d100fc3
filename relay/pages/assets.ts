import { DEFAULT_LOCATIONS } from '../locations';
import { browserScript, STATUS_PAGE_SCRIPT } from './browser-bundle';
import { faviconSvg, FAVICON_PATHS } from './favicon';
import { statusIconSvg, STATUS_ICON_PATHS } from './status-icons';
import { STATUS_PAGE_CSS } from './status-page-css';

/** One static file of the status page; `body` may be made on first use (the bundled script). */
export interface PageAsset {
  body: string | Uint8Array | (() => string);
  contentType: string;
}

const JS = 'text/javascript; charset=utf-8';

const loaded = new Map<string, ReadonlyMap<string, PageAsset>>();

/**
 * Static files of the status page keyed by URL path, made once per assets directory; the server
 * serves them as is.
 */
export function pageAssets(dir: string = DEFAULT_LOCATIONS.assetsDir): ReadonlyMap<string, PageAsset> {
  const cached = loaded.get(dir);
  if (cached) return cached;
  const assets = new Map<string, PageAsset>([
    ['/assets/status-page.css', { body: STATUS_PAGE_CSS, contentType: 'text/css; charset=utf-8' }],
    [`/assets/${STATUS_PAGE_SCRIPT}`, { body: browserScript(dir, STATUS_PAGE_SCRIPT), contentType: JS }],
    ...[...FAVICON_PATHS].map(([path, a]): [string, PageAsset] => [path, { body: faviconSvg(a), contentType: 'image/svg+xml' }]),
    ...[...STATUS_ICON_PATHS].map(([path, a]): [string, PageAsset] => [path, { body: statusIconSvg(a), contentType: 'image/svg+xml' }]),
  ]);
  loaded.set(dir, assets);
  return assets;
}
