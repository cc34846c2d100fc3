import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InviteResponse, Page, RegisterResponse, RosterItem } from '../../core';
import type { OrgStatus } from '../../relay/services/status-views';
import type { Store } from '../../relay/store/store';
import { ADMIN_TOKEN, adminGet, adminHeaders, putRoster, startOrgRelay } from '../support/org-relay';
import { putSource, register } from '../support/relay-process';
import { embeddedFactory, redisFactory, storeForBlock } from './store-factories';

const DAY_MS = 86_400_000;
const json = { 'content-type': 'application/json' };

describe.each([embeddedFactory(), redisFactory()])('invites, statuses and admin auth: $name store', (factory) => {
  let store: Store;
  let base: string;
  let close: () => Promise<void>;
  let clockOffset = 0;

  storeForBlock(factory, (opened) => (store = opened));
  beforeAll(async () => {
    ({ url: base, close } = await startOrgRelay(store, { RELAY_REGISTRATION: 'closed' }, () => Date.now() + clockOffset));
    const csv = 'email,displayName,department\nada@example.test,Ada Lovelace,Research\ngrace@example.test,Grace Hopper,Navy\nalan@example.test,Alan Turing,Research\n';
    expect((await putRoster(base, csv, 'text/csv')).status).toBe(200);
  });
  afterAll(async () => {
    await close?.();
  });

  const invite = async (email: string) => {
    const res = await fetch(`${base}/api/v1/org/people/${email}/invite`, { method: 'POST', headers: adminHeaders() });
    expect(res.status).toBe(201);
    return (await res.json()) as InviteResponse;
  };
  const redeem = (code: string) => fetch(`${base}/api/v1/invites/${encodeURIComponent(code)}`, { method: 'POST', headers: json, body: '{}' });

  it('closed registration: people cannot register themselves, an invite is the way in, once', async () => {
    const self = await fetch(`${base}/api/v1/users`, { method: 'POST', headers: json, body: JSON.stringify({ displayName: 'Mallory' }) });
    expect(self.status).toBe(401);
    const { url, code, expiresAt } = await invite('ada@example.test');
    expect(url).toBe(`https://status.example.test/join/${code}`);
    // ≥128 bits of secret, base64url.
    expect(code.split('.')[1]).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(7 * DAY_MS - 60_000);
    const joined = await redeem(code);
    expect(joined.status).toBe(201);
    const body = (await joined.json()) as RegisterResponse;
    expect(Object.keys(body).sort()).toEqual(['share', 'token', 'userId']);
    expect(body.share).toMatchObject({ level: 'basic', url: `https://status.example.test/s/${body.share.id}` });
    expect((await redeem(code)).status).toBe(404);
    // The token works, and the roster says the entry is linked.
    expect((await putSource(base, body.token, 'manual', { observedAt: new Date().toISOString(), availability: 'Busy' })).status).toBe(200);
    const people = await adminGet<Page<RosterItem>>(base, '/api/v1/org/people');
    expect(people.items.find((p) => p.email === 'ada@example.test')?.linked).toBe(true);
  });

  it('answers 404 for unknown, malformed, replaced and expired codes alike', async () => {
    const first = await invite('grace@example.test');
    const second = await invite('grace@example.test');
    for (const code of ['nope', `${first.code.split('.')[0]}.${'A'.repeat(43)}`, first.code]) {
      const res = await redeem(code);
      expect(res.status, code).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
    clockOffset = 7 * DAY_MS + 1000;
    try {
      expect((await redeem(second.code)).status).toBe(404);
    } finally {
      clockOffset = 0;
    }
    expect((await redeem(second.code)).status).toBe(201);
  });

  it('two redemptions of one code racing: exactly one wins', async () => {
    const { code } = await invite('alan@example.test');
    const results = await Promise.all(Array.from({ length: 8 }, () => redeem(code)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 404, 404, 404, 404, 404, 404, 404]);
  });

  it('lists everyone with a status: Offline without a report, filters by department and availability, pages', async () => {
    const admin = await fetch(`${base}/api/v1/users`, { method: 'POST', headers: { ...json, ...adminHeaders() }, body: JSON.stringify({ displayName: 'Self Registered', email: 'self@example.test' }) });
    expect(admin.status).toBe(201);
    const all = await adminGet<Page<OrgStatus>>(base, '/api/v1/org/statuses?pageSize=1000');
    expect(all.total).toBe(4);
    const byEmail = new Map(all.items.map((i) => [i.email, i]));
    expect(byEmail.get('ada@example.test')).toMatchObject({ availability: 'Busy', department: 'Research', inCall: false, stale: false });
    expect(byEmail.get('grace@example.test')).toMatchObject({ availability: 'Offline', label: 'Offline', updatedAt: null, department: 'Navy' });
    expect(byEmail.get('self@example.test')).toMatchObject({ availability: 'Offline', department: null });
    const research = await adminGet<Page<OrgStatus>>(base, '/api/v1/org/statuses?department=research');
    expect(research.items.map((i) => i.email).sort()).toEqual(['ada@example.test', 'alan@example.test']);
    const offline = await adminGet<Page<OrgStatus>>(base, '/api/v1/org/statuses?availability=Offline&pageSize=2&page=1');
    expect(offline).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(offline.items).toHaveLength(1);
    const past = await adminGet<Page<OrgStatus>>(base, '/api/v1/org/statuses?page=4&pageSize=1');
    expect(past).toMatchObject({ items: [], total: 4 });
    const pages = await Promise.all([0, 1, 2, 3].map((page) => adminGet<Page<OrgStatus>>(base, `/api/v1/org/statuses?page=${page}&pageSize=1`)));
    expect(pages.map((p) => p.items[0]?.userId)).toEqual(all.items.map((i) => i.userId));
    for (const q of ['page=-1', 'pageSize=0', 'pageSize=1001', 'availability=Sleeping']) {
      const res = await fetch(`${base}/api/v1/org/statuses?${q}`, { headers: adminHeaders() });
      expect(res.status, q).toBe(400);
    }
  });

  it('refuses every org route without the admin token (401) or with another token (403), saying nothing about the organisation', async () => {
    const person = await register(base, { displayName: 'Someone' }).catch(() => null);
    expect(person).toBeNull(); // closed: nobody registers without the admin
    const redeemed = (await (await redeem((await invite('grace@example.test')).code)).json()) as RegisterResponse;
    const routes: [string, string, string?][] = [
      ['PUT', '/api/v1/org/people', 'email,displayName\nx@example.test,X\n'],
      ['GET', '/api/v1/org/people'],
      ['DELETE', '/api/v1/org/people/ada@example.test'],
      ['POST', '/api/v1/org/people/ada@example.test/invite'],
      ['GET', '/api/v1/org/statuses'],
    ];
    const tokens: [string | null, number][] = [
      [null, 401],
      [redeemed.token, 403],
      [`${ADMIN_TOKEN}x`, 403],
      [ADMIN_TOKEN.slice(0, -1), 403],
    ];
    for (const [method, path, body] of routes) {
      for (const [token, status] of tokens) {
        const headers: Record<string, string> = { 'content-type': body ? 'text/csv' : 'application/json' };
        if (token) headers.authorization = `Bearer ${token}`;
        const res = await fetch(`${base}${path}`, { method, headers, body });
        expect(res.status, `${method} ${path} with ${token ? 'a wrong token' : 'no token'}`).toBe(status);
        const text = await res.text();
        expect(Object.keys(JSON.parse(text) as object)).toEqual(['error']);
        expect(text).not.toMatch(/example\.test|Lovelace|Hopper|Research/);
      }
    }
    // Nothing was changed by the refused calls.
    expect((await adminGet<Page<RosterItem>>(base, '/api/v1/org/people')).total).toBe(3);
  });
});
