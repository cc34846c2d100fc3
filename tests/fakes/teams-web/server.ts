import { createServer } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { installTeamsBehaviour } from './behaviour';
import type { FakeClick } from './behaviour';
import { FIXTURES, isFixtureName } from './fixtures';
import type { FixtureName } from './fixtures';

/** The hosts the Teams web client lives on (and the extension's content script matches). */
export const TEAMS_HOSTS = ['teams.microsoft.com', 'teams.cloud.microsoft', 'teams.live.com'] as const;
export type TeamsHost = (typeof TEAMS_HOSTS)[number];

/**
 * Chromium flags that send the real Teams hostnames to the fake: each host resolves to
 * 127.0.0.1 and the connection goes to the fake's port (the rule's port replaces 443), so
 * pages open at `https://teams.microsoft.com/` exactly like Teams. The certificate is
 * self-signed, hence the second flag.
 */
export function teamsWebChromiumArgs(port: number): string[] {
  return [`--host-resolver-rules=${TEAMS_HOSTS.map((host) => `MAP ${host} 127.0.0.1:${port}`).join(',')}`, '--ignore-certificate-errors'];
}

export interface TeamsWebFake {
  port: number;
  /** The page URL on a real Teams hostname (needs `teamsWebChromiumArgs`). */
  url(host?: TeamsHost, path?: string): string;
  /** Switch the page to another state; open pages follow live (server-sent events). */
  setState(name: FixtureName): void;
  state(): FixtureName;
  /** Clicks the page acted on, oldest first. */
  clicks(): FakeClick[];
  close(): Promise<void>;
}

function page(name: FixtureName, version: number): string {
  // The behaviour is the same function the unit tests install; `__name` shims the helper some
  // TypeScript transpilers insert when keeping function names.
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Microsoft Teams</title></head>
<body>
<div id="teams-root" data-fake-state="${name}" data-fake-version="${version}">${FIXTURES[name]}</div>
<script>
var __name = (fn) => fn;
(${installTeamsBehaviour.toString()})(document, (click) =>
  fetch('/__control/click', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(click) }));
new EventSource('/__control/events').addEventListener('state', (event) => {
  const next = JSON.parse(event.data);
  const root = document.getElementById('teams-root');
  if (root.dataset.fakeVersion === String(next.version)) return;
  document.querySelector('[data-fake-overflow-menu]')?.remove();
  root.innerHTML = next.html;
  root.dataset.fakeState = next.name;
  root.dataset.fakeVersion = String(next.version);
});
</script>
</body></html>`;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > 10_000) throw new Error('body too large');
  }
  return JSON.parse(body) as unknown;
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(value));
}

function isClick(value: unknown): value is FakeClick {
  return typeof value === 'object' && value !== null && typeof (value as FakeClick).control === 'string';
}

/**
 * An HTTPS server that looks like the Teams web client: any path serves the app page in the
 * current state; `/__control/*` drives it (`POST /__control/state {state}`, `GET /__control/clicks`).
 * Clicking "Leave" in the page ends the call like Teams does (back to idle, Available).
 */
export async function startTeamsWebFake(opts: { port?: number; state?: FixtureName } = {}): Promise<TeamsWebFake> {
  const pems = await generate([{ name: 'commonName', value: TEAMS_HOSTS[0] }], {
    keyType: 'ec',
    curve: 'P-256',
    extensions: [{ name: 'subjectAltName', altNames: [...TEAMS_HOSTS.map((value) => ({ type: 2 as const, value })), { type: 7, ip: '127.0.0.1' }] }],
  });
  let current: FixtureName = opts.state ?? 'idle-available';
  let version = 1;
  const clicks: FakeClick[] = [];
  const listeners = new Set<ServerResponse>();

  const push = (res: ServerResponse) => res.write(`event: state\ndata: ${JSON.stringify({ name: current, version, html: FIXTURES[current] })}\n\n`);
  const setState = (name: FixtureName) => {
    if (!isFixtureName(name)) throw new Error(`unknown Teams web state "${String(name)}"`);
    current = name;
    version += 1;
    for (const res of listeners) push(res);
  };

  const server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    const path = new URL(req.url ?? '/', 'https://fake').pathname;
    if (path === '/__control/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      listeners.add(res);
      req.on('close', () => listeners.delete(res));
      push(res);
    } else if (path === '/__control/state' && req.method === 'POST') {
      readJson(req).then((body) => {
        const name = (body as { state?: unknown } | null)?.state;
        if (!isFixtureName(name)) return json(res, 400, { error: `unknown state; one of: ${Object.keys(FIXTURES).join(', ')}` });
        setState(name);
        json(res, 200, { state: current, version });
      }, (err: Error) => json(res, 400, { error: err.message }));
    } else if (path === '/__control/state') {
      json(res, 200, { state: current, version });
    } else if (path === '/__control/click' && req.method === 'POST') {
      readJson(req).then((body) => {
        if (!isClick(body)) return json(res, 400, { error: 'expected {control, after}' });
        clicks.push({ control: body.control, after: body.after ?? null });
        if (body.control === 'hangup') setState('idle-available');
        json(res, 200, { recorded: clicks.length });
      }, (err: Error) => json(res, 400, { error: err.message }));
    } else if (path === '/__control/clicks') {
      if (req.method === 'DELETE') clicks.length = 0;
      json(res, 200, clicks);
    } else if (path === '/favicon.ico') {
      res.writeHead(204).end();
    } else {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(page(current, version));
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    url: (host = 'teams.microsoft.com', path = '/') => `https://${host}${path}`,
    setState,
    state: () => current,
    clicks: () => clicks.map((c) => ({ ...c })),
    async close() {
      for (const res of listeners) res.end();
      listeners.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
