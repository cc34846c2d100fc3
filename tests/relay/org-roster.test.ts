import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, RosterImportResult, RosterItem } from '../../core';
import type { Store } from '../../relay/store/store';
import { adminGet, putRoster, startOrgRelay } from '../support/org-relay';
import { storeFactories, storeForBlock } from './store-factories';

describe.each(storeFactories())('roster over HTTP: $name store', (factory) => {
  let store: Store;
  let base: string;
  let close: () => Promise<void>;

  storeForBlock(factory, (opened) => (store = opened));
  beforeAll(async () => {
    ({ url: base, close } = await startOrgRelay(store));
  });
  afterAll(async () => {
    await close?.();
  });

  const importCsv = async (csv: string, query = '') => {
    const res = await putRoster(base, csv, 'text/csv', query);
    expect(res.status).toBe(200);
    return (await res.json()) as RosterImportResult;
  };
  const everyone = () => adminGet<Page<RosterItem>>(base, '/api/v1/org/people?pageSize=1000');

  it('imports CSV with a BOM, CRLF, quoted commas and quotes, columns in any order; lists bad rows by number', async () => {
    const csv =
      '\uFEFFDepartment,Email,Display Name,entraId\r\n' +
      '"Sales, North",ada@example.test,"Ada ""The Countess"" Lovelace",\r\n' +
      'Research,GRACE@example.test,Grace Hopper,0b3c6f1e-0000-4000-8000-000000000001\r\n' +
      'Research,not-an-email,Nobody,\r\n' +
      'Research,grace@EXAMPLE.test,Grace Again,\r\n' +
      'Research,alan@example.test,,\r\n' +
      '\r\n' +
      '"Multi\nline",linus@example.test,Linus,\r\n';
    const result = await importCsv(csv);
    expect(result).toEqual({
      created: 2,
      updated: 0,
      unchanged: 0,
      removed: 0,
      rejected: [
        { row: 3, field: 'email', message: 'email must be an email address' },
        { row: 4, field: 'email', message: 'email grace@example.test already appears in row 2' },
        { row: 5, field: 'displayName', message: 'displayName must not be empty' },
        // Row 6 is blank (skipped, still counted); a quoted line break is kept, then refused as a control character.
        { row: 7, field: 'department', message: 'department must not contain control characters' },
      ],
    });
    const { items, total } = await everyone();
    expect(total).toBe(2);
    expect(items.map((p) => [p.email, p.displayName, p.department, p.entraId, p.linked])).toEqual([
      ['ada@example.test', 'Ada "The Countess" Lovelace', 'Sales, North', null, false],
      ['grace@example.test', 'Grace Hopper', 'Research', '0b3c6f1e-0000-4000-8000-000000000001', false],
    ]);
  });

  it('upserts by email: the same body is unchanged, a new name is an update; JSON rows count from 0', async () => {
    const body = (name: string) => JSON.stringify({ people: [{ email: 'Ada@Example.test', displayName: name }, { email: 'bad' }] });
    const first = (await (await putRoster(base, body('Ada "The Countess" Lovelace'), 'application/json')).json()) as RosterImportResult;
    expect(first).toMatchObject({ created: 0, updated: 0, unchanged: 1, rejected: [{ row: 1, field: 'email' }] });
    const second = (await (await putRoster(base, body('Ada King'), 'application/json')).json()) as RosterImportResult;
    expect(second).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    const ada = (await everyone()).items.find((p) => p.email === 'ada@example.test');
    // A row without a department keeps the one already on the roster.
    expect(ada).toMatchObject({ displayName: 'Ada King', department: 'Sales, North' });
  });

  it('refuses a body that is not a roster at all and writes nothing', async () => {
    const before = (await everyone()).total;
    const noEmail = await putRoster(base, 'name,department\nZed,Ops\n', 'text/csv');
    expect(noEmail.status).toBe(400);
    expect(await noEmail.json()).toEqual({ error: { code: 'invalid_csv', message: expect.stringMatching(/no email column/), field: 'email' } });
    const unterminated = await putRoster(base, 'email,displayName\n"zed@example.test,Zed\n', 'text/csv');
    expect(unterminated.status).toBe(400);
    const notJson = await putRoster(base, '{"people": [', 'application/json');
    expect(((await notJson.json()) as { error: { code: string } }).error.code).toBe('invalid_json');
    const wrongType = await fetch(`${base}/api/v1/org/people`, { method: 'PUT', headers: { authorization: `Bearer ${'x'}`, 'content-type': 'text/plain' }, body: 'x' });
    expect(wrongType.status).toBe(403);
    const plain = await putRoster(base, 'hello', 'text/plain' as 'text/csv');
    expect(plain.status).toBe(415);
    expect((await everyone()).total).toBe(before);
  });

  it('pages the roster: bounds checked, past the end empty', async () => {
    const page = await adminGet<Page<RosterItem>>(base, '/api/v1/org/people?page=1&pageSize=1');
    expect(page).toMatchObject({ page: 1, pageSize: 1, total: 2 });
    expect(page.items.map((p) => p.email)).toEqual(['grace@example.test']);
    expect((await adminGet<Page<RosterItem>>(base, '/api/v1/org/people?page=9&pageSize=2')).items).toEqual([]);
    for (const q of ['page=-1', 'pageSize=0', 'pageSize=1001', 'page=x']) {
      const res = await fetch(`${base}/api/v1/org/people?${q}`, { headers: { authorization: `Bearer ${'test-admin-token-0123456789abcdefghijkl'}` } });
      expect(res.status, q).toBe(400);
    }
  });

  it('prunes people absent from the body with ?prune=true, and deletes one by email', async () => {
    const result = await importCsv('email,displayName\nada@example.test,Ada King\nalan@example.test,Alan Turing\n', '?prune=true');
    expect(result).toMatchObject({ created: 1, unchanged: 1, removed: 1 });
    expect((await everyone()).items.map((p) => p.email)).toEqual(['ada@example.test', 'alan@example.test']);
    const del = (email: string) => fetch(`${base}/api/v1/org/people/${encodeURIComponent(email)}`, { method: 'DELETE', headers: { authorization: 'Bearer test-admin-token-0123456789abcdefghijkl' } });
    expect((await del('ALAN@example.test')).status).toBe(204);
    expect((await del('alan@example.test')).status).toBe(404);
    expect((await everyone()).items.map((p) => p.email)).toEqual(['ada@example.test']);
  });

  it('imports 10,000 rows in one request', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => `p${i}@bulk.example.test,Person ${i},Dept ${i % 7}`);
    const result = await importCsv(`email,displayName,department\n${rows.join('\n')}\n`);
    expect(result).toMatchObject({ created: 10_000, rejected: [] });
    const last = await adminGet<Page<RosterItem>>(base, '/api/v1/org/people?page=10&pageSize=1000');
    expect(last.total).toBe(10_001);
    expect(last.items.map((p) => p.email)).toEqual(['p9@bulk.example.test']);
    // By email, as text: "p9@" sorts after "p9999@". Nothing changed: a second run writes nothing.
    expect(await importCsv(`email,displayName,department\n${rows.join('\n')}\n`)).toMatchObject({ created: 0, updated: 0, unchanged: 10_000 });
  });
});
