import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicView } from '../../core';
import { loadConfig } from '../../relay/config';
import { renderHomePage } from '../../relay/pages/home-page';
import { createRelay } from '../../relay/server';
import { createStore } from '../../relay/store/create-store';
import type { Store } from '../../relay/store/store';
import { startRedis, type TestRedis } from '../support/redis';
import { startRedisCluster, type TestRedisCluster } from '../support/redis-cluster';
import { putSource, register, startTestRelay } from '../support/relay-process';
import { openSse } from '../support/sse-client';

const iso = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString();
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const json = { 'content-type': 'application/json' };
const inCall = (offsetMs = 0) => ({ observedAt: iso(offsetMs), call: { inCall: true, muted: true, camera: false } });
const noCall = (offsetMs = 0) => ({ observedAt: iso(offsetMs), call: null });

const dirs: string[] = [];

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'relay-http-'));
  dirs.push(d);
  return d;
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The same API on one Redis and on a real three-master Redis Cluster. */
const BACKENDS = [
  {
    name: 'one Redis',
    async start() {
      const redis: TestRedis = await startRedis();
      return { store: await createStore({ redisUrl: redis.url, dataDir: tempDir(), historyDays: 30 }), dispose: () => redis.dispose() };
    },
  },
  {
    name: 'a Redis Cluster',
    async start() {
      const cluster: TestRedisCluster = await startRedisCluster();
      return { store: await createStore({ redisCluster: { nodes: cluster.nodes, password: null }, dataDir: tempDir(), historyDays: 30 }), dispose: () => cluster.dispose() };
    },
  },
];

describe.each(BACKENDS)('relay HTTP API on $name', (backend) => {
  let store: Store;
  let base: string;
  let closeRelay: () => Promise<void>;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ store, dispose } = await backend.start());
    const r = await startTestRelay(store, { SSE_HEARTBEAT_MS: '50' });
    base = r.url;
    closeRelay = r.close;
  });

  afterAll(async () => {
    await closeRelay?.();
    await store?.close();
    await dispose?.();
  });

  describe('identity', () => {
    it('registers a person: 201 with a token, a basic share and a share URL on PUBLIC_URL', async () => {
      const res = await fetch(`${base}/api/v1/users`, { method: 'POST', headers: json, body: JSON.stringify({ displayName: 'Ada', email: 'ada@example.test' }) });
      expect(res.status).toBe(201);
      const body = (await res.json()) as { userId: string; token: string; share: { id: string; url: string; level: string } };
      expect(body.token.startsWith(`${body.userId}.`)).toBe(true);
      // 256-bit secret and ≥128-bit share id, base64url.
      expect(body.token.split('.')[1]).toMatch(/^[A-Za-z0-9_-]{43,}$/);
      expect(body.share.id).toMatch(/^[A-Za-z0-9_-]{22,}$/);
      expect(body.share).toEqual({ id: body.share.id, url: `https://status.example.test/s/${body.share.id}`, level: 'basic' });
    });

    it('answers 401 unauthorized on /me routes without the right token, the same for every kind of wrong', async () => {
      const ada = await register(base);
      const variants = [undefined, 'Bearer nope', `Bearer ${ada.userId}.${'A'.repeat(43)}`, `Bearer unknownuser.${ada.token.split('.')[1]}`];
      for (const header of variants) {
        const res = await fetch(`${base}/api/v1/me/status`, { headers: header ? { authorization: header } : {} });
        expect(res.status).toBe(401);
        expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: 'a valid bearer token is required' } });
      }
    });
  });

  describe('publishing', () => {
    it('PUT applies a report, a replay of the same observation is not applied, and /me/status shows sources with freshness', async () => {
      const ada = await register(base);
      const report = inCall();
      const first = await putSource(base, ada.token, 'teams-web', report);
      expect(first.status).toBe(200);
      const applied = (await first.json()) as { applied: boolean; status: { availability: string; activity: string; seq: number } };
      expect(applied).toMatchObject({ applied: true, status: { availability: 'Busy', activity: 'InACall', seq: 1 } });
      const replay = (await (await putSource(base, ada.token, 'teams-web', report)).json()) as { applied: boolean; status: { seq: number } };
      expect(replay).toMatchObject({ applied: false, status: { seq: 1 } });

      await putSource(base, ada.token, 'graph', { observedAt: iso(-20 * 60_000), availability: 'Available', activity: 'Available' });
      const me = await fetch(`${base}/api/v1/me/status`, { headers: auth(ada.token) });
      expect(me.status).toBe(200);
      expect(me.headers.get('access-control-allow-origin')).toBeNull();
      const status = (await me.json()) as { availability: string; sources: Record<string, { fresh: boolean; state: string; report: { observedAt: string } }> };
      expect(status.availability).toBe('Busy');
      expect(status.sources['teams-web']).toMatchObject({ fresh: true, state: 'fresh', report: { observedAt: report.observedAt.replace(/Z$/, 'Z') } });
      expect(status.sources.graph).toMatchObject({ fresh: false, state: 'stale' });
    });

    it('a manual status with until wins; DELETE of the source forgets it', async () => {
      const ada = await register(base);
      await putSource(base, ada.token, 'teams-web', noCall());
      const manual = await putSource(base, ada.token, 'manual', { observedAt: iso(), availability: 'DoNotDisturb', message: 'Focus', until: iso(3_600_000) });
      expect(((await manual.json()) as { status: { availability: string; source: string } }).status).toMatchObject({ availability: 'DoNotDisturb', source: 'manual' });
      const del = await fetch(`${base}/api/v1/me/sources/manual`, { method: 'DELETE', headers: auth(ada.token) });
      expect(del.status).toBe(200);
      expect(((await del.json()) as { applied: boolean; status: { source: string } })).toMatchObject({ applied: true, status: { source: 'teams-web' } });
    });

    it('DELETE /me answers 204 and the token, share and status are gone', async () => {
      const ada = await register(base);
      await putSource(base, ada.token, 'teams-web', inCall());
      const res = await fetch(`${base}/api/v1/me`, { method: 'DELETE', headers: auth(ada.token) });
      expect(res.status).toBe(204);
      expect(await res.text()).toBe('');
      expect((await fetch(`${base}/api/v1/me/status`, { headers: auth(ada.token) })).status).toBe(401);
      expect((await fetch(`${base}/api/v1/s/${ada.share.id}`)).status).toBe(404);
    });
  });

  describe('share reads', () => {
    it('basic view hides call detail; ETag carries seq; If-None-Match answers 304; CORS is open', async () => {
      const ada = await register(base, { displayName: 'Ada', email: 'ada@example.test' });
      await putSource(base, ada.token, 'teams-web', inCall());
      const res = await fetch(`${base}/api/v1/s/${ada.share.id}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      const etag = res.headers.get('etag') ?? '';
      expect(etag).toMatch(/^"1-[A-Za-z0-9_-]+"$/);
      const view = (await res.json()) as PublicView & Record<string, unknown>;
      expect(view).toMatchObject({ user: { displayName: 'Ada', avatarUrl: null }, availability: 'Busy', activity: 'Busy', label: 'Busy', stale: false, seq: 1 });
      expect(view).not.toHaveProperty('call');
      expect(JSON.stringify(view)).not.toContain('ada@example.test');

      const cached = await fetch(`${base}/api/v1/s/${ada.share.id}`, { headers: { 'if-none-match': etag } });
      expect(cached.status).toBe(304);
      expect(cached.headers.get('etag')).toBe(etag);

      await putSource(base, ada.token, 'teams-web', noCall(1));
      const changed = await fetch(`${base}/api/v1/s/${ada.share.id}`, { headers: { 'if-none-match': etag } });
      expect(changed.status).toBe(200);
      expect(changed.headers.get('etag')).toMatch(/^"2-/);
    });

    it('turning stale is a change of its own: a new seq and a new ETag without a new report', async () => {
      let clock = Date.now();
      const relay = createRelay({ config: loadConfig({ PORT: '0', RATE_LIMIT_PER_IP: '100000' }), store, now: () => clock, log: { info: () => {}, error: () => {} } });
      const url = await relay.listen();
      try {
        const ada = await register(url);
        await putSource(url, ada.token, 'teams-web', { observedAt: new Date(clock).toISOString(), call: { inCall: true } });
        const fresh = await fetch(`${url}/api/v1/s/${ada.share.id}`);
        const etag = fresh.headers.get('etag') ?? '';
        expect(await fresh.json()).toMatchObject({ stale: false, seq: 1 });
        clock += 2 * 60_000; // past the Teams sources' 90 s freshness
        const later = await fetch(`${url}/api/v1/s/${ada.share.id}`, { headers: { 'if-none-match': etag } });
        expect(later.status).toBe(200);
        expect(await later.json()).toMatchObject({ stale: true, seq: 2 });
        expect(later.headers.get('etag')).toMatch(/^"2-/);
        expect(later.headers.get('etag')).not.toBe(etag);
      } finally {
        await relay.close();
      }
    });

    it('answers the CORS preflight on share reads only', async () => {
      const ada = await register(base);
      const pre = await fetch(`${base}/api/v1/s/${ada.share.id}/events`, { method: 'OPTIONS' });
      expect(pre.status).toBe(204);
      expect(pre.headers.get('access-control-allow-origin')).toBe('*');
      expect(pre.headers.get('access-control-allow-methods')).toContain('GET');
      const mePre = await fetch(`${base}/api/v1/me/status`, { method: 'OPTIONS' });
      expect(mePre.status).toBe(405);
      expect(mePre.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('detailed level shows call, calendar and message; rotation makes the old id 404 at once', async () => {
      const ada = await register(base);
      await putSource(base, ada.token, 'teams-web', inCall());
      const share = await fetch(`${base}/api/v1/me/share`, { method: 'POST', headers: { ...json, ...auth(ada.token) }, body: JSON.stringify({ level: 'detailed' }) });
      expect(share.status).toBe(200);
      expect(await share.json()).toEqual({ ...ada.share, level: 'detailed' });
      const view = (await (await fetch(`${base}/api/v1/s/${ada.share.id}`)).json()) as PublicView;
      expect(view).toMatchObject({ level: 'detailed', activity: 'InACall', label: 'In a call', call: { inCall: true, muted: true, camera: false }, calendar: null, message: null });

      const rotated = await fetch(`${base}/api/v1/me/share`, { method: 'POST', headers: { ...json, ...auth(ada.token) }, body: JSON.stringify({ rotate: true }) });
      const next = (await rotated.json()) as { id: string; url: string; level: string };
      expect(next.id).not.toBe(ada.share.id);
      expect(next.level).toBe('detailed');
      const old = await fetch(`${base}/api/v1/s/${ada.share.id}`);
      expect(old.status).toBe(404);
      expect(((await old.json()) as { error: { code: string } }).error.code).toBe('not_found');
      expect(old.headers.get('access-control-allow-origin')).toBe('*');
      expect((await fetch(`${base}/api/v1/s/${next.id}`)).status).toBe(200);
      expect((await fetch(`${base}/s/${ada.share.id}`)).status).toBe(404);
    });

    it('history lists changes oldest first within from/to and validates the range', async () => {
      const ada = await register(base);
      await fetch(`${base}/api/v1/me/share`, { method: 'POST', headers: { ...json, ...auth(ada.token) }, body: JSON.stringify({ level: 'detailed' }) });
      await putSource(base, ada.token, 'teams-web', noCall(-3000));
      await putSource(base, ada.token, 'teams-web', inCall(-2000));
      await putSource(base, ada.token, 'teams-web', noCall(-1000));
      const res = await fetch(`${base}/api/v1/s/${ada.share.id}/history`);
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      const { items } = (await res.json()) as { items: { at: string; availability: string; activity: string; inCall: boolean }[] };
      expect(items.map((i) => i.inCall)).toEqual([false, true, false]);
      expect(items[1]).toMatchObject({ availability: 'Busy', activity: 'InACall' });
      const ats = items.map((i) => Date.parse(i.at));
      expect([...ats].sort((a, b) => a - b)).toEqual(ats);
      const before = await fetch(`${base}/api/v1/s/${ada.share.id}/history?to=${encodeURIComponent(iso(-3_600_000))}`);
      expect(((await before.json()) as { items: unknown[] }).items).toEqual([]);
      const bad = await fetch(`${base}/api/v1/s/${ada.share.id}/history?from=${encodeURIComponent(iso())}&to=${encodeURIComponent(iso(-60_000))}`);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('from');
    });
  });

  describe('server-sent events', () => {
    it('sends the current status first, then each change; heartbeats arrive', async () => {
      const ada = await register(base);
      await putSource(base, ada.token, 'teams-web', noCall(-1000));
      const sse = await openSse(`${base}/api/v1/s/${ada.share.id}/events`);
      try {
        expect(sse.response.statusCode).toBe(200);
        expect(sse.response.headers['content-type']).toContain('text/event-stream');
        expect(sse.response.headers['access-control-allow-origin']).toBe('*');
        const first = await sse.nextEvent();
        expect(first.event).toBe('status');
        expect(first.id).toBe('1');
        expect(JSON.parse(first.data)).toMatchObject({ availability: 'Available', seq: 1 });
        await putSource(base, ada.token, 'teams-web', inCall());
        const second = await sse.nextEvent();
        expect(second.id).toBe('2');
        expect(JSON.parse(second.data)).toMatchObject({ availability: 'Busy', seq: 2 });
        expect(await sse.nextComment()).toContain('heartbeat');
      } finally {
        sse.close();
      }
    });

    it('honours Last-Event-ID: no repeat of what the client has, the next change arrives', async () => {
      const ada = await register(base);
      await putSource(base, ada.token, 'teams-web', noCall(-1000));
      const sse = await openSse(`${base}/api/v1/s/${ada.share.id}/events`, { 'last-event-id': '1' });
      try {
        // The heartbeat proves the stream is live and ready before the change is sent.
        await sse.nextComment();
        expect(sse.pending()).toEqual([]);
        await putSource(base, ada.token, 'teams-web', inCall());
        expect((await sse.nextEvent()).id).toBe('2');
      } finally {
        sse.close();
      }
      const behind = await openSse(`${base}/api/v1/s/${ada.share.id}/events`, { 'last-event-id': '1' });
      try {
        expect((await behind.nextEvent()).id).toBe('2');
      } finally {
        behind.close();
      }
    });

    it('tells open streams the share was revoked and ends them when it is rotated; the old id is 404', async () => {
      const ada = await register(base);
      const sse = await openSse(`${base}/api/v1/s/${ada.share.id}/events`);
      expect(JSON.parse((await sse.nextEvent()).data)).toMatchObject({ availability: 'Unknown', seq: 0 });
      await fetch(`${base}/api/v1/me/share`, { method: 'POST', headers: { ...json, ...auth(ada.token) }, body: JSON.stringify({ rotate: true }) });
      const revoked = await sse.nextEvent();
      expect(revoked.event).toBe('revoked');
      expect(JSON.parse(revoked.data)).toEqual({ reason: 'share-revoked' });
      await sse.ended;
      expect(sse.response.complete).toBe(true);
      const again = await fetch(`${base}/api/v1/s/${ada.share.id}/events`);
      expect(again.status).toBe(404);
    });

    it('re-renders open streams at a new share level, and ends them when the person leaves', async () => {
      const ada = await register(base);
      await putSource(base, ada.token, 'teams-web', inCall());
      const sse = await openSse(`${base}/api/v1/s/${ada.share.id}/events`);
      const first = JSON.parse((await sse.nextEvent()).data) as PublicView;
      expect(first).toMatchObject({ level: 'basic', activity: 'Busy' });
      expect(first).not.toHaveProperty('call');
      await fetch(`${base}/api/v1/me/share`, { method: 'POST', headers: { ...json, ...auth(ada.token) }, body: JSON.stringify({ level: 'detailed' }) });
      const detailed = await sse.nextEvent();
      expect(detailed.id).toBe('1');
      expect(JSON.parse(detailed.data)).toMatchObject({ level: 'detailed', activity: 'InACall', call: { inCall: true } });
      expect((await fetch(`${base}/api/v1/me`, { method: 'DELETE', headers: auth(ada.token) })).status).toBe(204);
      expect(await sse.nextEvent()).toMatchObject({ event: 'revoked', data: JSON.stringify({ reason: 'user-deleted' }) });
      await sse.ended;
      expect(sse.response.complete).toBe(true);
    });

    it('pushes a manual status expiring without any new report', async () => {
      const ada = await register(base);
      await putSource(base, ada.token, 'teams-web', noCall(-1000));
      // Expiring after the stream has surely opened, on a busy machine too.
      await putSource(base, ada.token, 'manual', { observedAt: iso(), availability: 'DoNotDisturb', until: iso(5000) });
      const sse = await openSse(`${base}/api/v1/s/${ada.share.id}/events`);
      try {
        expect(JSON.parse((await sse.nextEvent()).data)).toMatchObject({ availability: 'DoNotDisturb', seq: 2 });
        const expired = await sse.nextEvent();
        // The expiry is a change of its own, with an id of its own (Last-Event-ID can resume past it).
        expect(expired.id).toBe('3');
        expect(JSON.parse(expired.data)).toMatchObject({ availability: 'Available', seq: 3 });
      } finally {
        sse.close();
      }
    });
  });

  describe('operations and pages', () => {
    it('healthz, readyz and metrics answer', async () => {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.status).toBe(200);
      const text = await metrics.text();
      expect(text).toMatch(/relay_http_requests_total\{method="POST",route="\/api\/v1\/users",status="201"\} \d+/);
      expect(text).toContain('relay_http_request_duration_seconds_bucket');
      expect(text).toMatch(/relay_status_updates_total\{source="teams-web",applied="true"\} \d+/);
      expect(text).toMatch(/relay_open_streams\{transport="sse"\} \d+/);
      expect(text).toContain('relay_store_errors_total');
    });

    it('serves the status page with strict headers, a not-found page, and its assets', async () => {
      const ada = await register(base);
      const page = await fetch(`${base}/s/${ada.share.id}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(await page.text()).toContain('Ada');
      const missing = await fetch(`${base}/s/no-such-share-id-at-all`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toContain('text/html');
      const js = await fetch(`${base}/assets/status-page.js`);
      expect(js.status).toBe(200);
      expect(js.headers.get('content-type')).toContain('javascript');
      expect(js.headers.get('x-content-type-options')).toBe('nosniff');
      expect(js.headers.get('cache-control')).toContain('max-age');
      expect((await fetch(`${base}/assets/nope.js`)).status).toBe(404);
    });

    it('GET / says what the relay is, its health and how to connect, under the strict page headers, with nobody\'s data', async () => {
      const ada = await register(base);
      const res = await fetch(`${base}/`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      const html = await res.text();
      expect(html).toContain('<h1>A Teams Status relay</h1>');
      expect(html).toMatch(/data-role="ready">Running; its store answers\./);
      expect(html).toContain('data-role="relay-url">https://status.example.test<');
      expect(html).toContain('Scriptable');
      expect(html).not.toContain('data-role="loopback"');
      // Links on 127.0.0.1 work here only: the page says a phone cannot open them.
      const local = renderHomePage({ publicUrl: 'http://127.0.0.1:8787', ready: false, registration: 'closed', widgetBuilt: false });
      expect(local).toMatch(/data-role="loopback"[^>]*>Its links point at <code>http:\/\/127\.0\.0\.1:8787<\/code>, this computer only: a phone cannot open them/);
      expect(local).toContain('its store does not answer right now');
      expect(html).not.toContain(ada.share.id);
      expect(html).not.toMatch(/<script|\sstyle=|<style/);
    });
  });

  describe('widget downloads', () => {
    // `npm test` builds before it runs tests; a bare checkout has no build and must say so.
    const built = existsSync(new URL('../../dist/widget/teams-status.js', import.meta.url));

    it('serves the widget with the share link built in, or says it is not built', async () => {
      const ada = await register(base);
      const res = await fetch(`${base}/s/${ada.share.id}/widget.js`);
      if (built) {
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
        expect(res.headers.get('content-disposition')).toBe('attachment; filename="Teams Status.js"');
        expect(res.headers.get('referrer-policy')).toBe('no-referrer');
        expect(await res.text()).toContain(JSON.stringify(ada.share.url));
        const plain = await fetch(`${base}/widget.js`);
        expect(plain.status).toBe(200);
        expect(await plain.text()).not.toContain(ada.share.id);
      } else {
        expect(res.status).toBe(503);
        const body = (await res.json()) as { error: { code: string; message: string } };
        expect(body.error.code).toBe('widget_not_built');
        expect(body.error.message).toContain('npm run build');
      }
    });

    it('answers 404 for the widget of an unknown share', async () => {
      const res = await fetch(`${base}/s/AAAAAAAAAAAAAAAAAAAAAAAA/widget.js`);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    });
  });

  describe('registration closed', () => {
    it('needs the admin token: none → 401, wrong → 403, right → 201', async () => {
      const closed = await startTestRelay(store, { RELAY_REGISTRATION: 'closed', RELAY_ADMIN_TOKEN: 'admin-token-0123456789-abcdefghijklmnop' });
      try {
        const post = (headers: Record<string, string>) =>
          fetch(`${closed.url}/api/v1/users`, { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify({ displayName: 'Bob' }) });
        const none = await post({});
        expect(none.status).toBe(401);
        expect(((await none.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
        const wrong = await post({ authorization: 'Bearer admin-token-wrong-000000' });
        expect(wrong.status).toBe(403);
        expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('forbidden');
        expect((await post({ authorization: 'Bearer admin-token-0123456789-abcdefghijklmnop' })).status).toBe(201);
      } finally {
        await closed.close();
      }
    });
  });

  describe('rate limits', () => {
    it('answers 429 rate_limited with Retry-After past the per-token limit', async () => {
      const limited = await startTestRelay(store, { RATE_LIMIT_PER_TOKEN: '3' });
      try {
        const ada = await register(limited.url);
        const statuses: number[] = [];
        for (let i = 0; i < 4; i++) statuses.push((await fetch(`${limited.url}/api/v1/me/status`, { headers: auth(ada.token) })).status);
        expect(statuses).toEqual([200, 200, 200, 429]);
        const res = await fetch(`${limited.url}/api/v1/me/status`, { headers: auth(ada.token) });
        expect(res.status).toBe(429);
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
      } finally {
        await limited.close();
      }
    });

    it('limits per client address across routes', async () => {
      // Behind a proxy the address comes from X-Forwarded-For; a fresh one starts a fresh count.
      const limited = await startTestRelay(store, { RATE_LIMIT_PER_IP: '2', TRUST_PROXY: 'true' });
      try {
        const from = { 'x-forwarded-for': '203.0.113.7' };
        const statuses: number[] = [];
        for (let i = 0; i < 3; i++) statuses.push((await fetch(`${limited.url}/api/v1/s/unknown-share-id`, { headers: from })).status);
        expect(statuses).toEqual([404, 404, 429]);
        // A cross-origin reader of a share sees the refusal and when to retry, not a CORS failure.
        const refused = await fetch(`${limited.url}/api/v1/s/unknown-share-id`, { headers: from });
        expect(refused.status).toBe(429);
        expect(refused.headers.get('access-control-allow-origin')).toBe('*');
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect((await fetch(`${limited.url}/api/v1/s/unknown-share-id`, { headers: { 'x-forwarded-for': '198.51.100.1' } })).status).toBe(404);
        // Probes are never limited.
        expect((await fetch(`${limited.url}/healthz`)).status).toBe(200);
      } finally {
        await limited.close();
      }
    });
  });
});

describe('embedded store (no REDIS_URL)', () => {
  it('serves the same API', async () => {
    const embedded = await createStore({ dataDir: tempDir(), historyDays: 30 });
    const relay = await startTestRelay(embedded);
    try {
      const ada = await register(relay.url);
      const put = await putSource(relay.url, ada.token, 'teams-web', inCall());
      expect(put.status).toBe(200);
      const view = await fetch(`${relay.url}/api/v1/s/${ada.share.id}`);
      expect(await view.json()).toMatchObject({ availability: 'Busy', seq: 1 });
      const sse = await openSse(`${relay.url}/api/v1/s/${ada.share.id}/events`);
      try {
        expect((await sse.nextEvent()).id).toBe('1');
        await putSource(relay.url, ada.token, 'teams-web', noCall(1));
        expect((await sse.nextEvent()).id).toBe('2');
      } finally {
        sse.close();
      }
    } finally {
      await relay.close();
      await embedded.close();
    }
  });

  it('DELETE /me leaves nothing of the person on disk, not even in the journal', async () => {
    const dir = tempDir();
    const embedded = await createStore({ dataDir: dir, historyDays: 30 });
    const relay = await startTestRelay(embedded);
    try {
      const bob = await register(relay.url, { displayName: 'Bob', email: 'bob.gone@example.test' });
      const keep = await register(relay.url, { displayName: 'Cy', email: 'cy.stays@example.test' });
      expect((await putSource(relay.url, bob.token, 'teams-web', inCall())).status).toBe(200);
      const onDisk = () => readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
      expect(onDisk()).toContain('bob.gone@example.test');
      expect((await fetch(`${relay.url}/api/v1/me`, { method: 'DELETE', headers: auth(bob.token) })).status).toBe(204);
      // Checked while the relay still runs: a clean shutdown's snapshot would hide a lingering journal.
      expect(onDisk()).not.toContain('bob.gone@example.test');
      expect(onDisk()).not.toContain(bob.userId);
      expect(onDisk()).toContain('cy.stays@example.test');
      expect((await fetch(`${relay.url}/api/v1/s/${keep.share.id}`)).status).toBe(200);
    } finally {
      await relay.close();
      await embedded.close();
    }
  });
});
