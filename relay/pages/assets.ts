import { statusPageScript } from './browser-bundle';
import { faviconSvg, FAVICON_PATHS } from './favicon';
import { statusIconSvg, STATUS_ICON_PATHS } from './status-icons';
import { STATUS_PAGE_CSS } from './status-page-css';

/** One static file of the status page; `body` may be made on first use (the bundled script). */
export interface PageAsset {
  body: string | Uint8Array | (() => string);
  contentType: string;
}

const JS = 'text/javascript; charset=utf-8';

/** Static files of the status page keyed by URL path; the server serves them as is. */
export const PAGE_ASSETS: ReadonlyMap<string, PageAsset> = new Map<string, PageAsset>([
  ['/assets/status-page.css', { body: STATUS_PAGE_CSS, contentType: 'text/css; charset=utf-8' }],
  ['/assets/status-page.js', { body: statusPageScript, contentType: JS }],
  ...[...FAVICON_PATHS].map(([path, a]): [string, PageAsset] => [path, { body: faviconSvg(a), contentType: 'image/svg+xml' }]),
  ...[...STATUS_ICON_PATHS].map(([path, a]): [string, PageAsset] => [path, { body: statusIconSvg(a), contentType: 'image/svg+xml' }]),
]);
