import type { ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { loadWidgetScript } from '../../pages/widget-script';
import type { Deps } from '../deps';
import { HttpError } from '../http-error';
import type { Router } from '../router';
import { shareUrl } from '../share-object';

function sendScript(res: ServerResponse, script: string | null): void {
  if (script === null) throw new HttpError('widget_not_built', 'the widget has not been built on this relay; run `npm run build` and try again');
  res.writeHead(200, {
    'Content-Type': 'application/javascript; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(script)),
    // Scriptable imports a downloaded file; the name is what the person sees in Files.
    'Content-Disposition': 'attachment; filename="Teams Status.js"',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  res.end(script);
}

async function extensionZip(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    throw new HttpError('extension_not_built', 'the extension has not been built on this relay; run `npm run build` and try again');
  }
}

/** The Scriptable widget (plain, or with a share link built in) and the browser extension's zip. */
export function widgetRoutes(router: Router, deps: Deps): void {
  const { widgetFile, extensionZip: zipFile } = deps.config.locations;
  router.on('GET', '/widget.js', async ({ res }) => sendScript(res, await loadWidgetScript(null, widgetFile)));

  router.on('GET', '/s/:shareId/widget.js', async ({ res, params }) => {
    const user = params.shareId ? await deps.store.getUserByShareId(params.shareId) : null;
    if (!user) throw new HttpError('not_found', 'no such share (it may have been rotated or revoked)');
    sendScript(res, await loadWidgetScript(shareUrl(deps.config.publicUrl, user.shareId), widgetFile));
  });

  // Read on each request (rarely fetched): a rebuilt zip is served without a restart.
  router.on('GET', '/extension.zip', async ({ res }) => {
    const zip = await extensionZip(zipFile);
    res.writeHead(200, {
      'Content-Type': 'application/zip',
      'Content-Length': String(zip.byteLength),
      'Content-Disposition': 'attachment; filename="teams-status-extension.zip"',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    });
    res.end(zip);
  });
}
