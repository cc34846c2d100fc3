import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Worker } from 'playwright-core';
import type { TeamsWebSnapshot, UpdateReason } from '../../extension/shared/content-messages';
import { parseTeamsPage } from '../../extension/sources/teams-web/parse-call-state';
import { launchChromium } from '../support/chromium';
import { loadFixture } from '../fakes/teams-web/dom';
import { FIXTURE_NAMES } from '../fakes/teams-web/fixtures';
import { buildHarnessExtension } from '../fakes/teams-web/harness-extension';
import { startTeamsWebFake, teamsWebChromiumArgs } from '../fakes/teams-web/server';
import type { TeamsWebFake } from '../fakes/teams-web/server';

type Update = { snapshot: TeamsWebSnapshot; reason: UpdateReason; tabId: number };

let fake: TeamsWebFake;
let ext: Awaited<ReturnType<typeof buildHarnessExtension>>;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let worker: Worker;
let page: Page;

beforeAll(async () => {
  fake = await startTeamsWebFake({ state: 'in-call-muted' });
  ext = await buildHarnessExtension();
  browser = await launchChromium({ extensionDir: ext.dir, args: teamsWebChromiumArgs(fake.port) });
  worker = browser.context.serviceWorkers()[0] ?? (await browser.context.waitForEvent('serviceworker'));
  page = await browser.context.newPage();
  await page.goto(fake.url());
});

afterAll(async () => {
  await browser?.close();
  await fake?.close();
  ext?.dispose();
});

const updates = () => worker.evaluate(() => (self as unknown as { updates: Update[] }).updates);

/** Wait (with a deadline) for an update that satisfies `match`; returns it. */
async function updateWhere(match: (u: Update) => boolean): Promise<Update> {
  let found: Update | undefined;
  await expect.poll(async () => (found = (await updates()).find(match)), { timeout: 15_000 }).toBeDefined();
  return found as Update;
}

describe('the Teams web content script in real Chromium, on https://teams.microsoft.com/', () => {
  it('reports the page on start', async () => {
    const first = await updateWhere(() => true);
    expect(first.reason).toBe('start');
    expect(first.snapshot.state).toBe('in-call');
    expect(first.snapshot.call).toEqual({ inCall: true, muted: true, camera: false, sharing: false, handRaised: false, recording: false });
    expect(first.snapshot.presence).toEqual({ availability: 'Busy', activity: 'InACall' });
  });

  it('reports a change once, when Teams changes the page', async () => {
    fake.setState('sharing');
    const u = await updateWhere((x) => x.snapshot.call?.sharing === true);
    expect(u.reason).toBe('change');
  });

  it('clicks the microphone on the worker\'s request and reports the new state', async () => {
    const reply = await worker.evaluate(() => (self as unknown as { act(a: unknown): Promise<unknown> }).act({ kind: 'toggle-mute' }));
    expect(reply).toEqual({ ok: true });
    // The page reports its clicks by fetch, which may land after the reply.
    await expect.poll(() => fake.clicks().at(-1)).toEqual({ control: 'mic', after: 'mic-off' });
    await updateWhere((x) => x.snapshot.state === 'in-call' && x.snapshot.call?.muted === true && x.snapshot.call.sharing === true);
  });

  it('refuses a disabled control with words, and answers a ping with the current reading', async () => {
    fake.setState('mic-disabled');
    await updateWhere((x) => x.snapshot.permissions.toggleMute === false && x.snapshot.state === 'in-call');
    const clicksBefore = fake.clicks().length;
    const reply = await worker.evaluate(() => (self as unknown as { act(a: unknown): Promise<unknown> }).act({ kind: 'toggle-mute' }));
    expect(reply).toEqual({ ok: false, error: 'Teams has the microphone button disabled right now ("Unmute mic"), so it cannot be pressed.' });
    const ping = (await worker.evaluate(() => (self as unknown as { ping(): Promise<unknown> }).ping())) as { ok: boolean; snapshot: TeamsWebSnapshot };
    expect(ping.ok).toBe(true);
    expect(ping.snapshot.permissions).toMatchObject({ toggleMute: false, toggleVideo: false, leave: true });
    // Nothing was clicked: a click that counts is the marker, since the page reports clicks by
    // fetch and a wrong one from the refused action would have been sent before it.
    fake.setState('in-call-unmuted');
    await updateWhere((x) => x.snapshot.permissions.toggleMute && x.snapshot.call?.muted === false);
    expect(await worker.evaluate(() => (self as unknown as { act(a: unknown): Promise<unknown> }).act({ kind: 'toggle-mute' }))).toEqual({ ok: true });
    await expect.poll(() => fake.clicks().slice(clicksBefore)).toEqual([{ control: 'mic', after: 'mic-off' }]);
  });

  it('does nothing more when injected a second time into the same tab', async () => {
    await worker.evaluate(() => (self as unknown as { inject(): Promise<unknown> }).inject());
    fake.setState('idle-dnd');
    await updateWhere((x) => x.snapshot.presence?.availability === 'DoNotDisturb');
    fake.setState('idle-busy');
    await updateWhere((x) => x.snapshot.presence?.availability === 'Busy' && x.snapshot.state === 'idle');
    const dnd = (await updates()).filter((x) => x.snapshot.presence?.availability === 'DoNotDisturb');
    expect(dnd).toHaveLength(1);
    // One copy answers an action: a second one would click twice and toggle the mic back.
    fake.setState('in-call-unmuted');
    await updateWhere((x) => x.snapshot.state === 'in-call' && x.snapshot.call?.muted === false && x.snapshot.call.sharing === false);
    const before = fake.clicks().length;
    const reply = await worker.evaluate(() => (self as unknown as { act(a: unknown): Promise<unknown> }).act({ kind: 'toggle-mute' }));
    expect(reply).toEqual({ ok: true });
    // A second action is the marker: a second copy's click would have been sent before its click.
    expect(await worker.evaluate(() => (self as unknown as { act(a: unknown): Promise<unknown> }).act({ kind: 'toggle-video' }))).toEqual({ ok: true });
    await expect.poll(() => fake.clicks().slice(before)).toEqual([{ control: 'mic', after: 'mic-off' }, expect.objectContaining({ control: 'camera' })]);
  });

  it('reads every fixture in Chromium exactly as in the unit tests (happy-dom)', async () => {
    for (const name of FIXTURE_NAMES) {
      fake.setState(name);
      await page.waitForSelector(`#teams-root[data-fake-state="${name}"]`, { state: 'attached' });
      const ping = (await worker.evaluate(() => (self as unknown as { ping(): Promise<unknown> }).ping())) as { snapshot: TeamsWebSnapshot };
      const fixture = loadFixture(name);
      expect({ name, snapshot: ping.snapshot }).toEqual({ name, snapshot: parseTeamsPage(fixture.document) });
      await fixture.close();
    }
  });
});
