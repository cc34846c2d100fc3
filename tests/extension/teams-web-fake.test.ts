import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { TEAMS_HOSTS, startTeamsWebFake, teamsWebChromiumArgs } from '../fakes/teams-web/server';
import type { TeamsWebFake } from '../fakes/teams-web/server';

let fake: TeamsWebFake;
let browser: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  fake = await startTeamsWebFake();
  browser = await launchChromium({ args: teamsWebChromiumArgs(fake.port) });
});

afterAll(async () => {
  await browser?.close();
  await fake?.close();
});

async function openTeams(host: (typeof TEAMS_HOSTS)[number] = 'teams.microsoft.com'): Promise<Page> {
  const page = await browser.context.newPage();
  const response = await page.goto(fake.url(host, '/v2/'));
  expect(response?.status()).toBe(200);
  return page;
}

describe('fake Teams web client in real Chromium', () => {
  it.each(TEAMS_HOSTS)('serves the app over HTTPS on https://%s/', async (host) => {
    fake.setState('idle-available');
    const page = await openTeams(host);
    expect(page.url()).toBe(`https://${host}/v2/`);
    expect(await page.title()).toBe('Microsoft Teams');
    expect(await page.getAttribute('[data-tid="me-control-avatar-presence"]', 'aria-label')).toBe('Available');
    await page.close();
  });

  it('switches state live when the test (or the control API) says so', async () => {
    fake.setState('idle-available');
    const page = await openTeams();
    fake.setState('in-call-muted');
    await page.waitForSelector('#teams-root[data-fake-state="in-call-muted"] #microphone-button[data-state="mic-off"]');
    expect(await page.textContent('#call-duration-custom')).toBe('12:34');

    // The control endpoint, called from the page itself (same origin, no certificate fuss).
    const reply = await page.evaluate(async () => {
      const res = await fetch('/__control/state', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ state: 'recording' }) });
      return { status: res.status, body: (await res.json()) as unknown };
    });
    expect(reply).toEqual({ status: 200, body: { state: 'recording', version: expect.any(Number) } });
    await page.waitForSelector('#teams-root[data-fake-state="recording"] #recording-indicator-custom', { state: 'attached' });
    expect(fake.state()).toBe('recording');

    const refused = await page.evaluate(async () => (await fetch('/__control/state', { method: 'POST', body: '{"state":"nope"}' })).status);
    expect(refused).toBe(400);
    await page.close();
  });

  it('reacts to clicks like Teams and records them', async () => {
    fake.setState('in-call-muted');
    await fetchClicks('DELETE');
    const page = await openTeams();
    await page.click('#microphone-button');
    await page.waitForSelector('#microphone-button[data-state="mic"][aria-label="Mute mic"]');
    await page.click('#video-button');
    await page.waitForSelector('#video-button[data-state="call-video"]');
    await expect.poll(() => fake.clicks()).toEqual([{ control: 'mic', after: 'mic' }, { control: 'camera', after: 'call-video' }]);
    expect(await fetchClicks('GET', page)).toEqual(fake.clicks());
    await page.close();
  });

  it('ignores clicks on a disabled control, like Teams', async () => {
    fake.setState('mic-disabled');
    await fetchClicks('DELETE');
    const page = await openTeams();
    await page.click('#video-button', { force: true });
    await page.click('#microphone-button', { force: true });
    expect(await page.getAttribute('#video-button', 'data-state')).toBe('call-video-off');
    expect(await page.getAttribute('#microphone-button', 'data-state')).toBe('mic-off');
    // A later click that does count proves the page was listening all along.
    await page.click('#callingButtons-showMoreBtn');
    await expect.poll(() => fake.clicks()).toEqual([{ control: 'more', after: 'open' }]);
    await page.close();
  });

  it('opens the overflow menu and ends the call on "Leave"', async () => {
    fake.setState('overflow');
    await fetchClicks('DELETE');
    const page = await openTeams();
    await page.click('#callingButtons-showMoreBtn');
    await page.click('[data-fake-overflow-menu] #raisehands-button');
    await page.click('#hangup-button button');
    await page.waitForSelector('#teams-root[data-fake-state="idle-available"]', { state: 'attached' });
    expect(await page.$('#call-duration-custom')).toBeNull();
    // The page reports its clicks by fetch, which may land after the page has changed.
    await expect.poll(() => fake.clicks()).toEqual([
      { control: 'more', after: 'open' },
      { control: 'hand', after: 'true' },
      { control: 'hangup', after: null },
    ]);
    await page.close();
  });
});

/** The click log through the HTTP control API, read from inside a page on the fake's origin. */
async function fetchClicks(method: 'GET' | 'DELETE', page?: Page): Promise<unknown> {
  const own = page ?? (await openTeams());
  const result = await own.evaluate(async (m) => (await fetch('/__control/clicks', { method: m })).json() as Promise<unknown>, method);
  if (!page) await own.close();
  return result;
}
