import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { EmbeddedStore } from '../../relay/store/embedded-store';
import { adminHeaders, putRoster, startOrgRelay } from '../support/org-relay';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'org-edges-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

it('limits wrong admin guesses per address (then 429 with Retry-After) without locking out the right token', async () => {
  const store = await EmbeddedStore.open({ dataDir: tempDir(), historyDays: 30, log: () => {} });
  const relay = await startOrgRelay(store, { RATE_LIMIT_REGISTRATIONS: '3' });
  try {
    const guess = () => fetch(`${relay.url}/api/v1/org/people`, { headers: { authorization: `Bearer guess-${'x'.repeat(40)}` } });
    expect([(await guess()).status, (await guess()).status, (await guess()).status]).toEqual([403, 403, 403]);
    const limited = await guess();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await fetch(`${relay.url}/api/v1/org/people`, { headers: adminHeaders() })).status).toBe(200);
  } finally {
    await relay.close();
    await store.close();
  }
});

it('keeps the roster and an open invite across a restart of the embedded store', async () => {
  const dir = tempDir();
  let store = await EmbeddedStore.open({ dataDir: dir, historyDays: 30, log: () => {} });
  let relay = await startOrgRelay(store);
  const csv = `email,displayName\n${Array.from({ length: 300 }, (_, i) => `p${i}@example.test,P ${i}`).join('\n')}\n`;
  expect((await putRoster(relay.url, csv, 'text/csv')).status).toBe(200);
  const invite = (await (await fetch(`${relay.url}/api/v1/org/people/p7@example.test/invite`, { method: 'POST', headers: adminHeaders() })).json()) as { code: string };
  await relay.close();
  await store.close();

  store = await EmbeddedStore.open({ dataDir: dir, historyDays: 30, log: () => {} });
  relay = await startOrgRelay(store);
  try {
    expect((await store.listRoster()).length).toBe(300);
    expect(await store.getRosterEntry('P7@example.test')).toMatchObject({ displayName: 'P 7' });
    const joined = await fetch(`${relay.url}/api/v1/invites/${invite.code}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(joined.status).toBe(201);
  } finally {
    await relay.close();
    await store.close();
  }
});

it('reads statuses in bulk: a page of 1,000 people costs a handful of store calls, not one per person', async () => {
  const inner = await EmbeddedStore.open({ dataDir: tempDir(), historyDays: 30, log: () => {} });
  const calls = new Map<string, number>();
  const counted = new Proxy(inner, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.set(String(key), (calls.get(String(key)) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  const relay = await startOrgRelay(counted);
  try {
    const csv = `email,displayName,department\n${Array.from({ length: 2000 }, (_, i) => `p${i}@example.test,P ${i},D${i % 3}`).join('\n')}\n`;
    expect((await putRoster(relay.url, csv, 'text/csv')).status).toBe(200);
    calls.clear();
    const page = (await (await fetch(`${relay.url}/api/v1/org/statuses?pageSize=1000&page=1`, { headers: adminHeaders() })).json()) as { items: unknown[]; total: number };
    expect(page.items).toHaveLength(1000);
    expect(calls.get('getStatusRecord') ?? 0).toBe(0);
    expect(calls.get('getStatusRecords')).toBe(1);
    calls.clear();
    const filtered = (await (await fetch(`${relay.url}/api/v1/org/statuses?department=D1&pageSize=1000`, { headers: adminHeaders() })).json()) as { total: number };
    expect(filtered.total).toBe(667);
    // Everyone is looked at for a filter, still in chunks of 1,000: three chunks for 2,000 people.
    expect(calls.get('getStatusRecords')).toBeLessThanOrEqual(3);
    expect(calls.get('getStatusRecord') ?? 0).toBe(0);
  } finally {
    await relay.close();
    await inner.close();
  }
});

it('an unlinked roster entry has no token: nothing made up for its user id authenticates', async () => {
  const store = await EmbeddedStore.open({ dataDir: tempDir(), historyDays: 30, log: () => {} });
  const relay = await startOrgRelay(store);
  try {
    await putRoster(relay.url, 'email,displayName\nada@example.test,Ada\n', 'text/csv');
    const ada = await store.getRosterEntry('ada@example.test');
    expect(ada?.tokenHash).toBe('');
    for (const secret of ['A'.repeat(43), '_'.repeat(64)]) {
      const res = await fetch(`${relay.url}/api/v1/me/status`, { headers: { authorization: `Bearer ${ada!.userId}.${secret}` } });
      expect(res.status).toBe(401);
    }
  } finally {
    await relay.close();
    await store.close();
  }
});

it('a roster person leaving (DELETE /me) loses status, history, share and token but stays on the roster, unlinked', async () => {
  const store = await EmbeddedStore.open({ dataDir: tempDir(), historyDays: 30, log: () => {} });
  const relay = await startOrgRelay(store);
  try {
    await putRoster(relay.url, 'email,displayName,department\nada@example.test,Ada,Research\n', 'text/csv');
    const invite = (await (await fetch(`${relay.url}/api/v1/org/people/ada@example.test/invite`, { method: 'POST', headers: adminHeaders() })).json()) as { code: string };
    const joined = (await (await fetch(`${relay.url}/api/v1/invites/${invite.code}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { userId: string; token: string; share: { id: string } };
    await fetch(`${relay.url}/api/v1/me/sources/manual`, { method: 'PUT', headers: { authorization: `Bearer ${joined.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ observedAt: new Date().toISOString(), availability: 'Busy' }) });
    expect((await fetch(`${relay.url}/api/v1/me`, { method: 'DELETE', headers: { authorization: `Bearer ${joined.token}` } })).status).toBe(204);
    expect((await fetch(`${relay.url}/api/v1/me/status`, { headers: { authorization: `Bearer ${joined.token}` } })).status).toBe(401);
    expect((await fetch(`${relay.url}/api/v1/s/${joined.share.id}`)).status).toBe(404);
    expect(await store.getUser(joined.userId)).toBeNull();
    const entry = await store.getRosterEntry('ada@example.test');
    expect(entry).toMatchObject({ displayName: 'Ada', tokenHash: '', roster: { department: 'Research', invite: null } });
    expect(entry!.userId).not.toBe(joined.userId);
    expect(await store.getStatusRecord(entry!.userId)).toBeNull();
  } finally {
    await relay.close();
    await store.close();
  }
});
