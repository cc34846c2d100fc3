import { createHash } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';

/** The hosts Outlook publishes calendars on (the extension's static host permissions). */
export const OUTLOOK_HOSTS = ['outlook.office365.com', 'outlook.office.com', 'outlook.live.com'] as const;

/** Where Outlook puts a published calendar: `/owa/calendar/<id>@<domain>/<token>/calendar.ics`. */
export const OUTLOOK_CALENDAR_PATH = '/owa/calendar/4f1c0b7e2d9a4c8e9b3a6d5f0e1c2b3a@contoso.com/9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b/calendar.ics';

/** What the fake answers: the calendar, or one of the ways a link goes wrong. */
export type IcsMode = 'calendar' | 'html' | 'not-found' | 'not-ics' | 'server-error';

export interface IcsRequest {
  path: string;
  ifNoneMatch: string | null;
  ifModifiedSince: string | null;
  userAgent: string | null;
  status: number;
}

export interface IcsFake {
  port: number;
  /** `http(s)://127.0.0.1:<port><path>`, for Node callers. */
  url(path?: string): string;
  setFeed(text: string): void;
  setMode(mode: IcsMode): void;
  requests(): IcsRequest[];
  close(): Promise<void>;
}

/**
 * Chromium flags that send Outlook's hostnames to the fake (the rule's port replaces 443), so
 * the extension fetches `https://outlook.office365.com/owa/...` with its static permission.
 */
export function outlookChromiumArgs(port: number): string[] {
  return [`--host-resolver-rules=${OUTLOOK_HOSTS.map((host) => `MAP ${host} 127.0.0.1:${port}`).join(',')}`, '--ignore-certificate-errors'];
}

const OWA_PAGE = '<!DOCTYPE html><html><head><title>Outlook</title></head><body><div id="app">Calendar</div></body></html>';

/**
 * A published-calendar server that behaves like Outlook's: ETag and Last-Modified on the feed,
 * 304 to a matching If-None-Match / If-Modified-Since, text/calendar; and, like Outlook since
 * 2025, HTTP 500 to a client that does not say it is a browser (no "Mozilla/" User-Agent).
 * HTTPS with a certificate made now when `tls` (Chromium); plain HTTP for Node's fetch.
 */
export async function startIcsFake(opts: { tls?: boolean; feed?: string; etag?: boolean } = {}): Promise<IcsFake> {
  let feed = opts.feed ?? '';
  let modified = new Date(Math.floor(Date.now() / 1000) * 1000);
  let mode: IcsMode = 'calendar';
  const log: IcsRequest[] = [];

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : null);
    const send = (status: number, headers: Record<string, string>, body = '') => {
      log.push({ path, ifNoneMatch: header('if-none-match'), ifModifiedSince: header('if-modified-since'), userAgent: header('user-agent'), status });
      res.writeHead(status, headers).end(body);
    };
    if (!header('user-agent')?.includes('Mozilla/')) return send(500, { 'content-type': 'text/plain' }, 'Internal Server Error');
    if (mode === 'html') return send(200, { 'content-type': 'text/html; charset=utf-8' }, OWA_PAGE);
    if (mode === 'not-found' || path !== OUTLOOK_CALENDAR_PATH) return send(404, { 'content-type': 'text/html' }, '<html><body>404 - Not Found</body></html>');
    if (mode === 'not-ics') return send(200, { 'content-type': 'application/json' }, '{"error":"calendar not available"}');
    if (mode === 'server-error') return send(503, { 'content-type': 'text/plain', 'retry-after': '60' }, 'Service Unavailable');
    const etag = `"${createHash('sha256').update(feed).digest('base64url').slice(0, 16)}"`;
    const lastModified = modified.toUTCString();
    const validators: Record<string, string> = { 'last-modified': lastModified, 'cache-control': 'private' };
    if (opts.etag !== false) validators.etag = etag;
    const inm = header('if-none-match');
    const ims = header('if-modified-since');
    const fresh = inm !== null && opts.etag !== false ? inm === etag : ims !== null && Date.parse(ims) >= modified.getTime();
    if (fresh) return send(304, validators);
    return send(200, { 'content-type': 'text/calendar; charset=utf-8', ...validators }, feed);
  };

  let server: Server;
  if (opts.tls) {
    const pems = await generate([{ name: 'commonName', value: OUTLOOK_HOSTS[0] }], {
      keyType: 'ec',
      curve: 'P-256',
      extensions: [{ name: 'subjectAltName', altNames: [...OUTLOOK_HOSTS.map((value) => ({ type: 2 as const, value })), { type: 7, ip: '127.0.0.1' }] }],
    });
    server = createHttpsServer({ key: pems.private, cert: pems.cert }, handle);
  } else {
    server = createHttpServer(handle);
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (path = OUTLOOK_CALENDAR_PATH) => `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}${path}`,
    setFeed(text) {
      feed = text;
      // HTTP dates have whole seconds: step past the last one so If-Modified-Since sees the change.
      modified = new Date(Math.max(Math.floor(Date.now() / 1000) * 1000, modified.getTime() + 1000));
    },
    setMode: (m) => void (mode = m),
    requests: () => [...log],
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
