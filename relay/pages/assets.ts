import { readFileSync } from 'node:fs';
import { faviconSvg, FAVICON_PATHS } from './favicon';
import { statusIconSvg, STATUS_ICON_PATHS } from './status-icons';
import { STATUS_PAGE_CSS } from './status-page-css';

/** One static file of the status page. */
export interface PageAsset {
  body: string | Uint8Array;
  contentType: string;
}

// The scripts are plain JS files next to this module, read once at startup; the browser
// loads them as ES modules (status-page.js imports ./status-format.js and ./status-page-timeline.js).
const read = (name: string) => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');
const JS = 'text/javascript; charset=utf-8';

/** Static files of the status page keyed by URL path; the server serves them as is. */
export const PAGE_ASSETS: ReadonlyMap<string, PageAsset> = new Map<string, PageAsset>([
  ['/assets/status-page.css', { body: STATUS_PAGE_CSS, contentType: 'text/css; charset=utf-8' }],
  ['/assets/status-page.js', { body: read('status-page-client.js'), contentType: JS }],
  ['/assets/status-format.js', { body: read('status-format.js'), contentType: JS }],
  ['/assets/status-page-timeline.js', { body: read('status-page-timeline.js'), contentType: JS }],
  ...[...FAVICON_PATHS].map(([path, a]): [string, PageAsset] => [path, { body: faviconSvg(a), contentType: 'image/svg+xml' }]),
  ...[...STATUS_ICON_PATHS].map(([path, a]): [string, PageAsset] => [path, { body: statusIconSvg(a), contentType: 'image/svg+xml' }]),
]);
