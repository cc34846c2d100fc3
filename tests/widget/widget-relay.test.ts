import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../relay/store/create-store';
import type { Store } from '../../relay/store/store';
import { runScriptable, type RequestHandler } from '../fakes/scriptable/run';
import { putSource, register, startTestRelay } from '../support/relay-process';
import { symbols, texts } from './tree-query';
import { builtWidget } from './widget-fixtures';

// The relay's share links name its PUBLIC_URL; the fake phone reaches that host at the test relay.
const PUBLIC_URL = 'https://status.example.test';

let store: Store;
let base = '';
let closeRelay: () => Promise<void>;
let dataDir = '';

/** The phone's network: real HTTP to the relay, or down once the relay is gone. */
const phoneNetwork: RequestHandler = async (req) => {
  const res = await fetch(req.url.replace(PUBLIC_URL, base), { method: req.method, headers: req.headers, signal: AbortSignal.timeout(req.timeoutInterval * 1000) });
  return { status: res.status, body: await res.text() };
};

beforeAll(async () => {
  await builtWidget();
  dataDir = mkdtempSync(join(tmpdir(), 'widget-relay-'));
  store = await createStore({ dataDir, historyDays: 30 });
  const relay = await startTestRelay(store, { PUBLIC_URL });
  base = relay.url;
  closeRelay = relay.close;
});

afterAll(async () => {
  await closeRelay?.();
  await store?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the widget against a real relay', () => {
  it('downloads with the link built in, shows the live call, goes stale when the relay is gone', async () => {
    const ada = await register(base, { displayName: 'Ada Lovelace' });
    const auth = { authorization: `Bearer ${ada.token}`, 'content-type': 'application/json' };
    expect((await fetch(`${base}/api/v1/me/share`, { method: 'POST', headers: auth, body: JSON.stringify({ level: 'detailed' }) })).status).toBe(200);
    const put = await putSource(base, ada.token, 'teams-web', { observedAt: new Date().toISOString(), call: { inCall: true, muted: true, camera: false } });
    expect(put.status).toBe(200);

    const download = await fetch(`${base}/s/${ada.share.id}/widget.js`);
    expect(download.status).toBe(200);
    const script = await download.text();
    const files = new Map<string, string>();
    const live = await runScriptable(script, { family: 'medium', parameter: null, now: Date.now(), handler: phoneNetwork, files });
    expect(live.requests.map((r) => r.url)).toEqual([`${PUBLIC_URL}/api/v1/s/${ada.share.id}`]);
    expect(texts(live.widget!)).toEqual(expect.arrayContaining(['Ada Lovelace', 'In a call', 'Muted', 'Camera off']));
    expect(live.widget!.url).toBe(`${PUBLIC_URL}/s/${ada.share.id}`);

    // Rotating the share revokes the old link: the widget says so.
    const rotated = await fetch(`${base}/api/v1/me/share`, { method: 'POST', headers: auth, body: JSON.stringify({ rotate: true }) });
    expect(rotated.status).toBe(200);
    const revoked = await runScriptable(script, { family: 'small', parameter: null, now: Date.now(), handler: phoneNetwork, files });
    expect(texts(revoked.widget!)).toContain('This link was revoked — ask for a new one.');

    // The new link, pasted as the parameter, works; then the relay goes away and the cache answers.
    const { id } = (await rotated.json()) as { id: string };
    const fresh = await runScriptable(script, { family: 'small', parameter: `${PUBLIC_URL}/s/${id}`, now: Date.now(), handler: phoneNetwork, files });
    expect(texts(fresh.widget!)).toContain('In a call');
    const stop = closeRelay;
    closeRelay = async () => {};
    await stop();
    const offline = await runScriptable(script, { family: 'small', parameter: `${PUBLIC_URL}/s/${id}`, now: Date.now(), handler: phoneNetwork, files });
    expect(texts(offline.widget!)).toEqual(expect.arrayContaining(['In a call', 'Updated', 'ago']));
    expect(symbols(offline.widget!)).toContain('wifi.slash');
  });
});
