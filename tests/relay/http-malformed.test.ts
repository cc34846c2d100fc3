import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../relay/store/create-store';
import type { Store } from '../../relay/store/store';
import { startRedis, type TestRedis } from '../support/redis';
import { putSource, register, startTestRelay } from '../support/relay-process';

const iso = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString();
const teams = () => ({ observedAt: iso(), call: null });
const manual = (extra: Record<string, unknown>) => ({ observedAt: iso(), availability: 'Busy', ...extra });
const calendar = (current: Record<string, unknown>) => ({ observedAt: iso(), current: { start: iso(-60_000), end: iso(60_000), showAs: 'busy', ...current } });

type Auth = 'ada' | 'none' | string;
interface Row {
  name: string;
  method: string;
  path: string;
  /** An object is sent as JSON; a string is sent as is (raw text). */
  body?: unknown;
  contentType?: string | null;
  auth?: Auth;
  /** `message`, when given, is the whole sentence a person reads. */
  expect: { status: number; code: string; field?: string; message?: string };
}

const PUT = 'PUT';
const src = (s: string) => `/api/v1/me/sources/${s}`;

// Each row carries exactly one mistake, so the answer must name exactly that one.
const ROWS: Row[] = [
  { name: 'non-JSON body', method: PUT, path: src('teams-web'), body: 'observedAt=now', expect: { status: 400, code: 'invalid_json' } },
  { name: 'empty body', method: PUT, path: src('teams-web'), body: '', expect: { status: 400, code: 'invalid_json' } },
  { name: 'JSON array', method: PUT, path: src('teams-web'), body: '[]', expect: { status: 400, code: 'invalid_json' } },
  { name: 'JSON null', method: PUT, path: src('teams-web'), body: 'null', expect: { status: 400, code: 'invalid_json' } },
  { name: 'truncated JSON', method: PUT, path: src('teams-web'), body: '{"observedAt":', expect: { status: 400, code: 'invalid_json' } },
  { name: '__proto__ key (raw text)', method: PUT, path: src('teams-web'), body: `{"__proto__":{"admin":true},"observedAt":"${iso()}","call":null}`, expect: { status: 400, code: 'forbidden_key', field: '__proto__' } },
  { name: 'constructor key', method: PUT, path: src('teams-web'), body: `{"constructor":{"prototype":{}},"observedAt":"${iso()}","call":null}`, expect: { status: 400, code: 'forbidden_key', field: 'constructor' } },
  { name: 'nested __proto__', method: PUT, path: src('teams-web'), body: `{"observedAt":"${iso()}","call":{"inCall":true,"__proto__":{"x":1}}}`, expect: { status: 400, code: 'forbidden_key', field: 'call.__proto__' } },
  { name: 'arrays nested 8000 deep', method: PUT, path: src('teams-web'), body: `{"a":${'['.repeat(8000)}${']'.repeat(8000)}}`, expect: { status: 400, code: 'invalid_json' } },
  { name: 'registration nested 33 deep', method: 'POST', path: '/api/v1/users', body: `{"displayName":"Ada","a":${'{"b":'.repeat(33)}1${'}'.repeat(33)}}`, auth: 'none', expect: { status: 400, code: 'invalid_json' } },
  { name: 'call of the wrong type', method: PUT, path: src('teams-web'), body: { observedAt: iso(), call: 'yes' }, expect: { status: 400, code: 'invalid_field', field: 'call' , message: 'call must be an object' } },
  { name: 'inCall as a string', method: PUT, path: src('teams-web'), body: { observedAt: iso(), call: { inCall: 'true' } }, expect: { status: 400, code: 'invalid_field', field: 'call.inCall' , message: 'call.inCall must be true or false' } },
  { name: 'observedAt as a number', method: PUT, path: src('teams-web'), body: { observedAt: Date.now(), call: null }, expect: { status: 400, code: 'invalid_field', field: 'observedAt' , message: 'observedAt must be an ISO 8601 time with a zone' } },
  { name: 'unknown source', method: PUT, path: src('skype'), body: teams(), expect: { status: 404, code: 'unknown_source', field: 'source' } },
  { name: 'unknown source on DELETE', method: 'DELETE', path: src('skype'), expect: { status: 404, code: 'unknown_source', field: 'source' } },
  { name: 'unknown extra field', method: PUT, path: src('teams-web'), body: { ...teams(), extra: 1 }, expect: { status: 400, code: 'invalid_field', field: 'extra' , message: 'extra is not a field here (the fields are observedAt, call, presence)' } },
  { name: 'far-future observedAt', method: PUT, path: src('teams-web'), body: { observedAt: iso(86_400_000), call: null }, expect: { status: 422, code: 'time_out_of_range', field: 'observedAt' } },
  { name: 'observedAt in 1999', method: PUT, path: src('teams-web'), body: { observedAt: '1999-12-31T23:59:00Z', call: null }, expect: { status: 422, code: 'time_out_of_range', field: 'observedAt' } },
  { name: 'observedAt missing', method: PUT, path: src('teams-web'), body: { call: null }, expect: { status: 400, code: 'invalid_field', field: 'observedAt', message: 'observedAt is required' } },
  { name: 'observedAt without a zone', method: PUT, path: src('teams-web'), body: { observedAt: '2026-11-25T10:00:00', call: null }, expect: { status: 400, code: 'invalid_field', field: 'observedAt' } },
  { name: 'impossible date', method: PUT, path: src('teams-web'), body: { observedAt: '2026-13-45T10:00:00Z', call: null }, expect: { status: 400, code: 'invalid_field', field: 'observedAt' } },
  { name: 'manual message over 280 chars', method: PUT, path: src('manual'), body: manual({ message: 'x'.repeat(281) }), expect: { status: 400, code: 'invalid_field', field: 'message' , message: 'message must be at most 280 characters' } },
  { name: 'manual until before observedAt', method: PUT, path: src('manual'), body: manual({ until: iso(-60_000) }), expect: { status: 400, code: 'invalid_field', field: 'until' } },
  { name: 'manual until in year 9999', method: PUT, path: src('manual'), body: manual({ until: '9999-12-31T00:00:00Z' }), expect: { status: 422, code: 'time_out_of_range', field: 'until' } },
  { name: 'calendar event ending in year 9999', method: PUT, path: src('calendar'), body: calendar({ end: '9999-12-31T00:00:00Z' }), expect: { status: 422, code: 'time_out_of_range', field: 'current.end' } },
  { name: 'calendar event starting in year 1', method: PUT, path: src('calendar'), body: calendar({ start: '0001-01-01T00:00:00Z' }), expect: { status: 422, code: 'time_out_of_range', field: 'current.start' } },
  { name: 'manual availability Unknown', method: PUT, path: src('manual'), body: { observedAt: iso(), availability: 'Unknown' }, expect: { status: 400, code: 'invalid_field', field: 'availability' , message: 'availability must be one of Available, Busy, DoNotDisturb, BeRightBack, Away, Offline' } },
  { name: 'graph availability not a word', method: PUT, path: src('graph'), body: { observedAt: iso(), availability: 'Busy; DROP', activity: 'Busy' }, expect: { status: 400, code: 'invalid_field', field: 'availability' } },
  { name: 'graph without activity', method: PUT, path: src('graph'), body: { observedAt: iso(), availability: 'Busy' }, expect: { status: 400, code: 'invalid_field', field: 'activity' , message: 'activity is required' } },
  { name: 'calendar end before start', method: PUT, path: src('calendar'), body: calendar({ end: iso(-120_000) }), expect: { status: 400, code: 'invalid_field', field: 'current.end' , message: 'current.end must be after start' } },
  { name: 'calendar showAs invalid', method: PUT, path: src('calendar'), body: calendar({ showAs: 'maybe' }), expect: { status: 400, code: 'invalid_field', field: 'current.showAs' , message: 'current.showAs must be one of free, tentative, busy, oof, workingElsewhere' } },
  { name: '17 KiB body', method: PUT, path: src('manual'), body: manual({ message: 'x'.repeat(17 * 1024) }), expect: { status: 413, code: 'payload_too_large' } },
  { name: 'text/plain content type', method: PUT, path: src('teams-web'), body: JSON.stringify(teams()), contentType: 'text/plain', expect: { status: 415, code: 'unsupported_media_type' } },
  { name: 'no content type', method: PUT, path: src('teams-web'), body: JSON.stringify(teams()), contentType: null, expect: { status: 415, code: 'unsupported_media_type' } },
  { name: 'missing token', method: PUT, path: src('teams-web'), body: teams(), auth: 'none', expect: { status: 401, code: 'unauthorized' } },
  { name: 'wrong token', method: PUT, path: src('teams-web'), body: teams(), auth: 'Bearer WRONG', expect: { status: 401, code: 'unauthorized' } },
  { name: 'malformed token', method: PUT, path: src('teams-web'), body: teams(), auth: 'Bearer abc', expect: { status: 401, code: 'unauthorized' } },
  { name: 'Basic instead of Bearer', method: PUT, path: src('teams-web'), body: teams(), auth: 'Basic YWRhOnNlY3JldA==', expect: { status: 401, code: 'unauthorized' } },
  { name: 'share level unknown', method: 'POST', path: '/api/v1/me/share', body: { level: 'public' }, expect: { status: 400, code: 'invalid_field', field: 'level' } },
  { name: 'rotate not a boolean', method: 'POST', path: '/api/v1/me/share', body: { rotate: 'yes' }, expect: { status: 400, code: 'invalid_field', field: 'rotate' , message: 'rotate must be true or false' } },
  { name: 'displayName empty', method: 'POST', path: '/api/v1/users', body: { displayName: '' }, auth: 'none', expect: { status: 400, code: 'invalid_field', field: 'displayName' , message: 'displayName must not be empty' } },
  { name: 'displayName too long', method: 'POST', path: '/api/v1/users', body: { displayName: 'A'.repeat(81) }, auth: 'none', expect: { status: 400, code: 'invalid_field', field: 'displayName' , message: 'displayName must be at most 80 characters' } },
  { name: 'displayName with control chars', method: 'POST', path: '/api/v1/users', body: { displayName: 'Ada\u0007' }, auth: 'none', expect: { status: 400, code: 'invalid_field', field: 'displayName' } },
  { name: 'displayName with a right-to-left override', method: 'POST', path: '/api/v1/users', body: { displayName: 'Ada\u202Eecalevol' }, auth: 'none', expect: { status: 400, code: 'invalid_field', field: 'displayName' } },
  { name: 'displayName of zero-width characters only', method: 'POST', path: '/api/v1/users', body: { displayName: '\u200B\u200D' }, auth: 'none', expect: { status: 400, code: 'invalid_field', field: 'displayName' } },
  { name: 'manual message with a C1 control', method: PUT, path: src('manual'), body: manual({ message: 'back\u0085soon' }), expect: { status: 400, code: 'invalid_field', field: 'message' } },
  { name: 'displayName a number', method: 'POST', path: '/api/v1/users', body: { displayName: 42 }, auth: 'none', expect: { status: 400, code: 'invalid_field', field: 'displayName' } },
  { name: 'email invalid', method: 'POST', path: '/api/v1/users', body: { displayName: 'Ada', email: 'not-an-email' }, auth: 'none', expect: { status: 400, code: 'invalid_field', field: 'email' , message: 'email must be an email address' } },
  { name: 'avatarUrl over http', method: 'POST', path: '/api/v1/users', body: { displayName: 'Ada', avatarUrl: 'http://example.test/a.png' }, auth: 'none', expect: { status: 400, code: 'invalid_field', field: 'avatarUrl' } },
  { name: 'avatarUrl javascript:', method: 'POST', path: '/api/v1/users', body: { displayName: 'Ada', avatarUrl: 'javascript:alert(1)' }, auth: 'none', expect: { status: 400, code: 'invalid_field', field: 'avatarUrl' } },
  { name: 'registration __proto__', method: 'POST', path: '/api/v1/users', body: '{"displayName":"Ada","__proto__":{"isAdmin":true}}', auth: 'none', expect: { status: 400, code: 'forbidden_key', field: '__proto__' } },
  { name: 'history bad from', method: 'GET', path: '/api/v1/s/SHARE/history?from=yesterday', auth: 'none', expect: { status: 400, code: 'invalid_field', field: 'from' } },
  { name: 'history bad to', method: 'GET', path: '/api/v1/s/SHARE/history?to=2026-02-30T00:00:00Z', auth: 'none', expect: { status: 400, code: 'invalid_field', field: 'to' } },
  { name: 'unknown route', method: 'GET', path: '/api/v1/nope', expect: { status: 404, code: 'not_found' } },
  { name: 'unknown share', method: 'GET', path: '/api/v1/s/AAAAAAAAAAAAAAAAAAAAAAAA', auth: 'none', expect: { status: 404, code: 'not_found' } },
  { name: 'broken percent-encoding', method: 'GET', path: '/api/v1/s/%E0%A4%A', auth: 'none', expect: { status: 404, code: 'not_found' } },
  { name: 'wrong method', method: 'PATCH', path: '/api/v1/me/status', body: {}, expect: { status: 405, code: 'method_not_allowed' } },
];

let redis: TestRedis;
let store: Store;
let base: string;
let closeRelay: () => Promise<void>;
let dir: string;
let ada: { token: string; shareId: string };

async function adaSeq(): Promise<number> {
  const res = await fetch(`${base}/api/v1/me/status`, { headers: { authorization: `Bearer ${ada.token}` } });
  return ((await res.json()) as { seq: number }).seq;
}

beforeAll(async () => {
  redis = await startRedis();
  dir = mkdtempSync(join(tmpdir(), 'relay-malformed-'));
  store = await createStore({ redisUrl: redis.url, dataDir: dir, historyDays: 30 });
  const relay = await startTestRelay(store);
  base = relay.url;
  closeRelay = relay.close;
  const reg = await register(base);
  ada = { token: reg.token, shareId: reg.share.id };
  expect((await putSource(base, ada.token, 'teams-web', { observedAt: iso(-5000), call: null })).status).toBe(200);
});

afterAll(async () => {
  await closeRelay?.();
  await store?.close();
  await redis?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('malformed requests', () => {
  it('has a table of at least 30 cases', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(ROWS)('$name → $expect.status $expect.code', async (row) => {
    const usersBefore = await store.countUsers();
    const headers: Record<string, string> = {};
    const auth = row.auth ?? 'ada';
    if (auth === 'ada') headers.authorization = `Bearer ${ada.token}`;
    else if (auth !== 'none') headers.authorization = auth;
    let body: string | undefined;
    if (row.body !== undefined) {
      body = typeof row.body === 'string' ? row.body : JSON.stringify(row.body);
      if (row.contentType !== null) headers['content-type'] = row.contentType ?? 'application/json';
    }
    const res = await fetch(`${base}${row.path.replace('SHARE', ada.shareId)}`, { method: row.method, headers, body });
    expect(res.status).toBe(row.expect.status);
    const json = (await res.json()) as { error: { code: string; message: string; field?: string } };
    expect(json.error.code).toBe(row.expect.code);
    expect(json.error.message.length).toBeGreaterThan(0);
    expect(json.error.field).toBe(row.expect.field);
    // A validation error is a sentence about its field, in words (never the validator's own wording).
    if (row.expect.code === 'invalid_field') expect(json.error.message.startsWith(`${row.expect.field} `), json.error.message).toBe(true);
    if (row.expect.message) expect(json.error.message).toBe(row.expect.message);
    if (row.expect.status === 405) expect(res.headers.get('allow')).toBe('GET, HEAD');
    // Nothing was stored: Ada's record did not move and nobody new was registered.
    expect(await adaSeq()).toBe(1);
    expect(await store.countUsers()).toBe(usersBefore);
  });

  it('answers 413 to an oversized chunked body (no Content-Length) and keeps serving', async () => {
    // Sent in pieces, so the limit trips while the body is being read, not from its declared size.
    const { status, text } = await new Promise<{ status: number; text: string }>((ok, fail) => {
      const req = request(`${base}${src('manual')}`, {
        method: PUT,
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', authorization: `Bearer ${ada.token}` },
      });
      req.on('error', fail);
      req.on('response', (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => ok({ status: res.statusCode ?? 0, text }));
      });
      req.write(`{"observedAt":"${iso()}","availability":"Busy","message":"`);
      for (let i = 0; i < 17; i++) req.write('x'.repeat(1024));
      req.end('"}');
    });
    expect(status).toBe(413);
    expect((JSON.parse(text) as { error: { code: string } }).error.code).toBe('payload_too_large');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(await adaSeq()).toBe(1);
  });

  it('answers 400 invalid_json to a body that is not UTF-8, instead of storing U+FFFD', async () => {
    for (const bytes of [Buffer.from([0x7b, 0x22, 0x64, 0x69, 0x73, 0x70, 0x6c, 0x61, 0x79, 0x4e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0x41, 0xff, 0x22, 0x7d]), Buffer.from('{"displayName":"A\xed\xa0\x80"}', 'latin1')]) {
      const res = await fetch(`${base}/api/v1/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bytes });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string; message: string } }).error).toEqual({ code: 'invalid_json', message: 'the body is not valid UTF-8' });
    }
  });

  it('the relay still serves normal requests afterwards', async () => {
    expect((await putSource(base, ada.token, 'teams-web', { observedAt: iso(), call: { inCall: true } })).status).toBe(200);
    expect(await adaSeq()).toBe(2);
  });
});
