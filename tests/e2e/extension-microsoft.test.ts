import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ConsoleMessage } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PopupState } from '../../extension/shared/messages';
import { createStore } from '../../relay/store/create-store';
import type { Store } from '../../relay/store/store';
import { FAKE_CLIENT_ID, startMicrosoftFake, type MicrosoftFake } from '../fakes/microsoft/server';
import { keepFailureArtifacts } from '../support/failure-artifacts';
import { launchWithExtension, type ExtensionBrowser } from '../support/extension';
import { freePort } from '../support/ports';
import { startRedis, type TestRedis } from '../support/redis';
import { startTestRelay } from '../support/relay-process';
import { until } from '../support/until';

/*
 * The built extension in real headless Chromium with its DEFAULT Microsoft hosts
 * (login.microsoftonline.com, graph.microsoft.com) sent to the local HTTPS fake by
 * --host-resolver-rules, publishing to a real relay on real Redis. The person signs in by
 * clicking the fake's "Sign in" page, which chrome.identity.launchWebAuthFlow opened.
 */

const ARTIFACTS = resolve(import.meta.dirname, '..', '..', 'test-artifacts', 'e2e-microsoft');
let redis: TestRedis;
let store: Store;
let relay: { url: string; close(): Promise<void> };
let fake: MicrosoftFake;
let ext: ExtensionBrowser;
let shareId: string;
const dataDir = mkdtempSync(join(tmpdir(), 'e2e-ms-'));
const workerLog: string[] = [];

interface DetailedView {
  availability: string;
  activity: string;
  label: string;
  source?: string;
  calendar?: { busyUntil: string | null; next: { start: string } | null } | null;
}

const shareView = async () => (await (await fetch(`${relay.url}/api/v1/s/${shareId}`)).json()) as DetailedView;

async function ok<T = Record<string, unknown>>(type: string, payload: unknown): Promise<T> {
  const reply = await ext.message<{ ok: boolean; error?: string }>(type, payload);
  if (!reply.ok) throw new Error(`${type}: ${reply.error}`);
  return reply as T;
}

const popupState = async () => (await ok<{ state: PopupState }>('getState', null)).state;
const presenceReads = () => fake.state.requests.filter((r) => r.path.startsWith('/v1.0/me/presence')).length;

beforeAll(async () => {
  redis = await startRedis();
  store = await createStore({ redisUrl: redis.url, dataDir, historyDays: 30 });
  relay = await startTestRelay(store, { PORT: String(await freePort()) });
  fake = await startMicrosoftFake();
  ext = await launchWithExtension({ args: fake.chromiumArgs() });
  (await ext.worker()).on('console', (m: ConsoleMessage) => workerLog.push(`worker ${m.type()}: ${m.text()}`));
  await ok('saveSettings', { teamsLocalEnabled: false, msClientId: FAKE_CLIENT_ID });
  const connected = await ok<{ share: { url: string } }>('connectRelay', { relayUrl: relay.url, displayName: 'Ada' });
  shareId = connected.share.url.split('/').pop() ?? '';
  await ok('setShareLevel', { level: 'detailed' });
});

afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail' || !ext) return;
  await keepFailureArtifacts(ARTIFACTS, task.name, ext, () => `${workerLog.join('\n')}\n\nfake requests: ${JSON.stringify(fake.state.requests.map((r) => `${r.method} ${r.path}`), null, 2)}\n`);
});

afterAll(async () => {
  await ext?.close();
  await fake?.close();
  await relay?.close();
  await store?.close();
  await redis?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Microsoft 365 in the real extension', () => {
  // Each test's bounded waits add up to more than the 30 s default on a busy machine.
  it('shows the redirect URI of this browser, signs in through Microsoft\'s page, and Graph presence reaches the share', { timeout: 90_000 }, async () => {
    const ms = await ok<{ microsoft: { redirectUri: string; adminConsentUrl: string } }>('getMicrosoft', null);
    expect(ms.microsoft.redirectUri).toBe(`https://${ext.extensionId}.chromiumapp.org/`);
    expect(ms.microsoft.adminConsentUrl).toMatch(/^https:\/\/login\.microsoftonline\.com\/organizations\/v2\.0\/adminconsent\?client_id=/);

    fake.state.presence = { availability: 'Busy', activity: 'InAMeeting', statusMessage: null };
    const now = Date.now();
    fake.state.calendar = [{ start: now - 10 * 60_000, end: now + 50 * 60_000, status: 'busy', subject: 'Planning' }];
    const signInPage = ext.context.waitForEvent('page', { predicate: (p) => p.url().includes('/oauth2/v2.0/authorize') });
    const signedIn = ext.message<{ ok: boolean; error?: string; microsoft?: { name: string; email: string } }>('signInMicrosoft', null);
    const page = await signInPage;
    expect(new URL(page.url()).host).toBe('login.microsoftonline.com');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const reply = await signedIn;
    expect(reply).toMatchObject({ ok: true, microsoft: { name: 'Ada Lovelace', email: 'ada@contoso.example' } });
    expect(fake.state.requests.find((r) => r.path.endsWith('/oauth2/v2.0/token'))?.origin).toBe(`chrome-extension://${ext.extensionId}`);

    const view = await until(async () => {
      const v = await shareView();
      return v.activity === 'InAMeeting' && v.calendar?.busyUntil ? v : null;
    }, 'Graph presence and the calendar block on the share', 15_000);
    expect(view).toMatchObject({ availability: 'Busy', activity: 'InAMeeting', label: 'In a meeting' });
    expect(Date.parse(view.calendar!.busyUntil!)).toBe(Math.floor((now + 50 * 60_000) / 1000) * 1000);
    const rows = (await popupState()).health.sources.map((s) => `${s.name}: ${s.words}`);
    expect(rows).toContain('Microsoft 365: Signed in as Ada Lovelace (ada@contoso.example)');
  });

  it('after the browser stops the worker, the sign-in is restored from storage; presence changes on the next poll; signing out stops polling and withdraws the Graph report', { timeout: 90_000 }, async () => {
    await ext.stopWorker();
    fake.state.presence = { availability: 'DoNotDisturb', activity: 'Presenting', statusMessage: null };
    // Opening the popup polls at once unless a read is seconds old: keep "opening" it until it does.
    await until(async () => {
      await ok('refreshSources', null);
      return (await shareView()).activity === 'Presenting';
    }, 'the share to show Presenting', 20_000);
    expect((await ok<{ microsoft: { signedIn: boolean } }>('getMicrosoft', null)).microsoft.signedIn).toBe(true);

    await ok('signOutMicrosoft', null);
    await until(async () => (await shareView()).activity !== 'Presenting', 'the Graph report to be withdrawn', 15_000);
    const reads = presenceReads();
    await ok('refreshSources', null);
    const state = await popupState();
    expect(state.health.sources.find((s) => s.id === 'graph-presence')).toMatchObject({ words: 'Not signed in' });
    expect(presenceReads()).toBe(reads);
  });

  it('a tenant that requires admin consent is said in words, with the admin-consent link offered', async () => {
    fake.state.aadError = 'consent-required';
    const reply = await ext.message<{ ok: boolean; error?: string }>('signInMicrosoft', null);
    fake.state.aadError = null;
    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/not consented to this app yet \(AADSTS65001\)/) });
    const ms = (await ok<{ microsoft: { signedIn: boolean; problem: string; adminConsentUrl: string } }>('getMicrosoft', null)).microsoft;
    expect(ms).toMatchObject({ signedIn: false, problem: expect.stringMatching(/AADSTS65001/), adminConsentUrl: expect.stringContaining('adminconsent') });
  });
});
