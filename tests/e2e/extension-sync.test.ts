import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ConsoleMessage } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PopupState } from '../../extension/shared/messages';
import { createStore } from '../../relay/store/create-store';
import type { Store } from '../../relay/store/store';
import { startTeamsLocalSimulator, type TeamsLocalSimulator } from '../fakes/teams-local/simulator';
import { startTeamsWebFake, teamsWebChromiumArgs, type TeamsWebFake } from '../fakes/teams-web/server';
import { keepFailureArtifacts } from '../support/failure-artifacts';
import { launchWithExtension, type ExtensionBrowser } from '../support/extension';
import { freePort } from '../support/ports';
import { startRedis, type TestRedis } from '../support/redis';
import { startTestRelay } from '../support/relay-process';
import { until } from '../support/until';

/*
 * The built extension in real headless Chromium, publishing to a real relay on real Redis.
 * Only Teams is simulated: the desktop local API (WebSocket simulator) and the Teams web page
 * (served over HTTPS on the real teams.microsoft.com hostname).
 */

const ARTIFACTS = resolve(import.meta.dirname, '..', '..', 'test-artifacts', 'e2e');
let redis: TestRedis;
let store: Store;
let relay: { url: string; close(): Promise<void> };
let relayPort: number;
let sim: TeamsLocalSimulator;
let web: TeamsWebFake;
let ext: ExtensionBrowser;
let shareId: string;
const dataDir = mkdtempSync(join(tmpdir(), 'e2e-ext-'));
const workerLog: string[] = [];

/** The one chrome.* call evaluated in the worker here (the tests project has no chrome types). */
type BadgeApi = { chrome: { action: { getBadgeText(details: object): Promise<string> } } };

interface PublicView {
  availability: string;
  activity: string;
  label: string;
  seq: number;
  call?: { inCall: boolean; muted?: boolean } | null;
}

async function shareView(): Promise<PublicView> {
  const res = await fetch(`${relay.url}/api/v1/s/${shareId}`);
  if (!res.ok) throw new Error(`share read answered ${res.status}`);
  return (await res.json()) as PublicView;
}

async function history(): Promise<{ activity: string; inCall: boolean }[]> {
  return ((await (await fetch(`${relay.url}/api/v1/s/${shareId}/history`)).json()) as { items: { activity: string; inCall: boolean }[] }).items;
}

async function popupState(): Promise<PopupState> {
  const reply = await ext.message<{ ok: true; state: PopupState } | { ok: false; error: string }>('getState', null);
  if (!reply.ok) throw new Error(reply.error);
  return reply.state;
}

async function ok(type: string, payload: unknown): Promise<Record<string, unknown>> {
  const reply = await ext.message<{ ok: boolean; error?: string }>(type, payload);
  if (!reply.ok) throw new Error(`${type}: ${reply.error}`);
  return reply as Record<string, unknown>;
}

function recordConsole(prefix: string) {
  return (m: ConsoleMessage) => workerLog.push(`${prefix} ${m.type()}: ${m.text()}`);
}

beforeAll(async () => {
  redis = await startRedis();
  store = await createStore({ redisUrl: redis.url, dataDir, historyDays: 30 });
  relayPort = await freePort();
  relay = await startTestRelay(store, { PORT: String(relayPort) });
  sim = await startTeamsLocalSimulator({ autoApprove: true });
  web = await startTeamsWebFake();
  ext = await launchWithExtension({ args: teamsWebChromiumArgs(web.port) });
  (await ext.worker()).on('console', recordConsole('worker'));
  ext.context.on('serviceworker', (w) => w.on('console', recordConsole('worker (restarted)')));

  // Connect as the options page does: point Teams at the simulator, register, share in detail.
  await ok('saveSettings', { teamsLocalUrl: sim.url, teamsLocalEnabled: true });
  const connected = (await ok('connectRelay', { relayUrl: relay.url, displayName: 'Ada' })) as { share: { url: string } };
  shareId = connected.share.url.split('/').pop() ?? '';
  await ok('setShareLevel', { level: 'detailed' });
});

afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail' || !ext) return;
  await keepFailureArtifacts(ARTIFACTS, task.name, ext, async () => {
    const state = await popupState().catch((err: unknown) => String(err));
    return `${workerLog.join('\n')}\n\nstate: ${JSON.stringify(state, null, 2)}\n`;
  });
});

afterAll(async () => {
  await ext?.close();
  await web?.close();
  await sim?.close();
  await relay?.close();
  await store?.close();
  await redis?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('extension ↔ relay, end to end', () => {
  it('(a) a meeting in Teams desktop reaches the public share', async () => {
    await until(async () => (await popupState()).health.teamsLocal.state === 'unpaired', 'the worker to connect to the Teams simulator');
    sim.startMeeting();
    // How fast (the product's 2 s) is measured by `npm run bench:extension` (frame → SSE), not
    // here: on a machine busy with other suites a wall-clock bound fails with nothing wrong.
    const view = await until(async () => ((await shareView()).call?.inCall ? shareView() : null), 'the relay to say "in a call"', 15_000);
    expect(view).toMatchObject({ availability: 'Busy', activity: 'InACall', label: 'In a call' });
    const badge = await (await ext.worker()).evaluate(() => (globalThis as unknown as BadgeApi).chrome.action.getBadgeText({}));
    expect(badge).toBe('CALL');
  });

  it('(b) Mute in the popup reaches Teams, and its echo shows muted in the popup', async () => {
    await until(async () => (await popupState()).health.teamsLocal.canPair, 'Teams to offer pairing');
    await ok('pairTeams', null);
    await until(async () => (await popupState()).call?.permissions.toggleMute, 'the paired client to be allowed to mute');
    const popup = await ext.openPage('extension/popup/index.html');
    const mute = popup.getByRole('button', { name: 'Mute', exact: true });
    await until(() => mute.isEnabled(), 'an enabled Mute button');
    expect(await mute.getAttribute('aria-pressed')).toBe('false');
    await mute.click();
    await until(() => sim.received.some((r) => (r.frame as { action?: string } | undefined)?.action === 'toggle-mute'), 'the simulator to receive toggle-mute');
    await until(async () => (await mute.getAttribute('aria-pressed')) === 'true', 'the popup to show muted');
    expect(sim.meeting().isMuted).toBe(true);
    await until(async () => (await shareView()).call?.muted === true, 'the relay to show muted');
    await popup.close();
    sim.endMeeting();
    await until(async () => !(await shareView()).call, 'the relay to see the meeting end');
  });

  it('(c) the Teams web page going in and out of a call: the relay follows', async () => {
    const tab = await ext.context.newPage();
    await tab.goto(web.url());
    await until(async () => (await popupState()).health.teamsWeb.state === 'idle', 'the content script to report the Teams tab');
    web.setState('in-call-muted');
    await until(async () => (await shareView()).call?.inCall, 'the relay to see the web call');
    expect((await shareView()).call).toMatchObject({ inCall: true, muted: true });
    expect((await popupState()).call).toMatchObject({ via: 'teams-web', muted: true });
    web.setState('idle-available');
    const after = await until(async () => ((await shareView()).call ? null : shareView()), 'the relay to see the web call end');
    expect(after).toMatchObject({ availability: 'Available' });
  });

  it('(d) relay down: reports queue; relay back: all flushed in order, none duplicated', async () => {
    // Quiet the desktop sensor so no heartbeat lands in the middle of the count.
    await ok('saveSettings', { teamsLocalEnabled: false });
    const before = await shareView();
    const historyBefore = (await history()).length;
    await relay.close();

    const queued = async (n: number) => until(async () => (await popupState()).health.relay.queued >= n, `${n} queued report(s)`);
    web.setState('in-call-muted');
    await queued(1);
    web.setState('in-call-unmuted');
    await queued(2);
    web.setState('idle-available');
    await queued(3);
    const offline = await popupState();
    expect(offline.health.relay).toMatchObject({ state: 'offline', queued: 3 });
    // The count is in the state's words ("Offline, 3 updates queued"); the detail says why, once.
    expect(offline.health.relay.detail).toMatch(/could not be reached \(.+\)\. Check that the relay is running and that its address is right\. Next try at /);

    relay = await startTestRelay(store, { PORT: String(relayPort) });
    // No nudge: the worker's own back-off retry (1 s doubling) must find the relay again.
    await until(async () => (await popupState()).health.relay.state === 'synced', 'the queue to flush', 45_000);
    const after = await shareView();
    expect(after.seq - before.seq).toBe(3);
    expect((await history()).slice(historyBefore).map((h) => [h.activity, h.inCall])).toEqual([
      ['InACall', true],
      ['Available', false],
    ]);
  }, 90_000);

  it('(e) the service worker is stopped: status, relay link and queued reports come back', async () => {
    await relay.close();
    await ok('setManual', { availability: 'DoNotDisturb', until: null, message: 'Writing' });
    await until(async () => (await popupState()).health.relay.queued === 1, 'one queued report');
    const before = await popupState();

    await ext.stopWorker();
    // The next message starts a fresh worker, which rebuilds everything from storage.
    const again = await popupState();
    expect(again.status).toMatchObject({ availability: 'DoNotDisturb', label: before.status.label, message: 'Writing' });
    expect(again.share).toEqual(before.share);
    expect(again.manual).toMatchObject({ availability: 'DoNotDisturb', message: 'Writing' });
    expect(again.health.relay.queued).toBe(1);

    relay = await startTestRelay(store, { PORT: String(relayPort) });
    await until(async () => (await shareView()).availability === 'DoNotDisturb', 'the queued report to reach the relay', 25_000);
    expect(await shareView()).toMatchObject({ label: 'Do not disturb' });
  });
});
