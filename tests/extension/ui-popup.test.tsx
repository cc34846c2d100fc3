// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { teamsWebLine } from '../../extension/background/teams-web-source';
import { teamsLocalLine } from '../../extension/sources/teams-local/source';
import type { CallView, SourceHealth } from '../../extension/shared/messages';
import { PopupApp } from '../../extension/popup/popup-app';
import { paletteCss } from '../../extension/ui/palette-style';
import { DETAIL } from '../../extension/sources/teams-local/snapshot';
import { SourceHealthList } from '../../extension/ui/source-health';
import { STATUS_COLOURS, SURFACE_COLOURS } from '../../core';
import { NOW, alertText, button, click, fakeWorker, mount, ok, popupState, settle, status, testEnv, type, until } from './ui-harness';

const mounted: (() => void)[] = [];
afterEach(() => mounted.splice(0).forEach((u) => u()));

async function popup(state = popupState(), handlers: Parameters<typeof fakeWorker>[0] = {}, extraEnv = {}) {
  const worker = fakeWorker({ getState: () => ok({ state }), getTimeline: () => ok({ segments: [] }), ...handlers });
  const { root, unmount } = await mount(<PopupApp />, testEnv(worker.send, extraEnv));
  mounted.push(unmount);
  return { root, worker };
}

const health = (h: Partial<SourceHealth>): SourceHealth => ({ ...popupState().health, ...h });

async function healthText(h: Partial<SourceHealth>): Promise<string> {
  const { root, unmount } = await mount(<SourceHealthList health={health(h)} />, testEnv(fakeWorker({}).send));
  mounted.push(unmount);
  return (root.textContent ?? '').replace(/\s+/g, ' ');
}

describe('popup: status header', () => {
  it('shows the label, availability, since, and where the status came from', async () => {
    const { root } = await popup();
    const header = root.querySelector('header')!;
    expect(header.getAttribute('data-availability')).toBe('Busy');
    expect(header.textContent).toContain('In a meeting');
    expect(header.textContent).toContain('Busy');
    expect(header.textContent).toContain('(25 min ago)');
    expect(header.textContent).toContain('from Teams on the web');
    expect(header.textContent).not.toContain('Stale');
  });

  it('says a status set by hand is "set by you" (not "from set by you")', async () => {
    const { root } = await popup(popupState({ status: status({ source: 'manual' }) }));
    const meta = root.querySelector('.status-meta')?.textContent ?? '';
    expect(meta).toMatch(/· set by you$/);
  });

  it('marks a stale status in words', async () => {
    const { root } = await popup(popupState({ status: status({ stale: true, updatedAt: '2026-11-25T11:20:00Z' }) }));
    expect(root.querySelector('.stale-marker')?.textContent).toContain('Stale: last confirmed 10 min ago');
  });
});

describe('popup: source health wording', () => {
  // The rows come from the sources' own health lines (extension/sources/source.ts).
  const local = (state: SourceHealth['teamsLocal']['state']) => ({ sources: [teamsLocalLine(state, null)], teamsLocal: { state, canPair: false, detail: null } });
  it.each([
    ['off', 'Off'],
    ['connecting', 'Connecting…'],
    ['unpaired', 'Connected, not paired'],
    ['pairing', 'Pairing: click Allow in Teams'],
    ['paired', 'Paired'],
  ] as const)('Teams local API %s → "%s"', async (state, words) => {
    expect(await healthText(local(state))).toContain(`Teams desktop${words}`);
  });

  it.each([
    ['no-tab', 'No Teams tab open'],
    ['idle', 'Tab open, not in a call'],
    ['in-call', 'In a call'],
    ['page-changed', 'Teams page changed; cannot read it'],
  ] as const)('Teams web %s → "%s"', async (state, words) => {
    expect(await healthText({ sources: [teamsWebLine(state, null)], teamsWeb: { state, detail: null } })).toContain(`Teams web${words}`);
  });

  it('relay: synced, offline with the queue length, and error detail', async () => {
    expect(await healthText({ relay: { state: 'synced', queued: 0, detail: null } })).toContain('RelaySynced');
    expect(await healthText({ relay: { state: 'offline', queued: 3, detail: null } })).toContain('RelayOffline, 3 updates queued');
    expect(await healthText({ relay: { state: 'offline', queued: 1, detail: null } })).toContain('Offline, 1 update queued');
    expect(await healthText({ relay: { state: 'error', queued: 0, detail: 'The relay answered with an error: busy.' } })).toContain('RelayErrorThe relay answered with an error: busy.');
  });

  it('says each thing once: no state repeated in its own detail, no ".."', async () => {
    const text = await healthText({
      sources: [teamsLocalLine('off', DETAIL.off)],
      teamsLocal: { state: 'off', canPair: false, detail: DETAIL.off },
      relay: { state: 'offline', queued: 1, detail: 'The relay at http://127.0.0.1:8787 could not be reached (Failed to fetch). Check that the relay is running and that its address is right. Next try at 17:00:05, or as soon as the relay answers.' },
    });
    expect(text).toContain(`Teams desktopOff${DETAIL.off}`);
    expect(text).not.toContain('..');
  });

  it('relay revoked offers "Reconnect" and not connected offers "Connect a relay", both to the options page', async () => {
    for (const [state, text] of [['revoked', 'Reconnect'], ['not-connected', 'Connect a relay']] as const) {
      const { root, unmount } = await mount(<SourceHealthList health={health({ relay: { state, queued: 0, detail: null } })} />, testEnv(fakeWorker({}).send));
      mounted.push(unmount);
      const link = [...root.querySelectorAll('a')].find((a) => a.textContent === text);
      expect(link?.getAttribute('href')).toBe('../options/index.html');
    }
    expect(await healthText({ relay: { state: 'synced', queued: 0, detail: null } })).not.toMatch(/Reconnect|Connect a relay/);
  });
});

const inCall = (permissions: Partial<CallView['permissions']>, flags: Partial<CallView> = {}): CallView => ({
  inCall: true,
  muted: true,
  camera: false,
  handRaised: false,
  via: 'teams-web',
  permissions: { toggleMute: false, toggleVideo: false, toggleHand: false, toggleBlur: false, leave: false, react: false, ...permissions },
  ...flags,
});

describe('popup: call controls', () => {
  it('enables exactly the controls the permissions allow', async () => {
    const { root } = await popup(popupState({ call: inCall({ toggleMute: true, leave: true }) }));
    expect(button(root, 'Mute').disabled).toBe(false);
    expect(button(root, 'Leave call').disabled).toBe(false);
    expect(button(root, 'Camera').disabled).toBe(true);
    expect(button(root, 'Raise hand').disabled).toBe(true);
    expect(button(root, 'Blur background').disabled).toBe(true);
    expect(button(root, 'React: Like').disabled).toBe(true);
  });

  it('draws call icons and reactions as SVG, not emoji a machine without an emoji font shows as boxes', async () => {
    const { root } = await popup(popupState({ call: inCall({ toggleMute: true, react: true }) }));
    const section = root.querySelector('[aria-labelledby="call-heading"]')!;
    expect(section.textContent).not.toMatch(/\p{Extended_Pictographic}/u);
    for (const name of ['Mute', 'Camera', 'Raise hand', 'Blur background', 'React: Like', 'React: Love', 'React: Applause', 'React: Laugh', 'React: Wow']) {
      expect(button(root, name).querySelector('svg[aria-hidden="true"] path')?.getAttribute('d'), name).toBeTruthy();
    }
  });

  it('toggles carry aria-pressed from the call state, and a click sends the action', async () => {
    const { root, worker } = await popup(popupState({ call: inCall({ toggleMute: true, toggleVideo: true, react: true }) }), { callAction: () => ok({}) });
    expect(button(root, 'Mute').getAttribute('aria-pressed')).toBe('true');
    expect(button(root, 'Camera').getAttribute('aria-pressed')).toBe('false');
    await click(button(root, 'Mute'));
    await click(button(root, 'React: Applause'));
    expect(worker.of('callAction')).toEqual([{ action: { kind: 'toggle-mute' } }, { action: { kind: 'send-reaction', reaction: 'applause' } }]);
  });

  it('leaves aria-pressed off when the sensor cannot tell the state', async () => {
    const { root } = await popup(popupState({ call: inCall({ toggleMute: true }, { muted: undefined }) }));
    expect(button(root, 'Mute').hasAttribute('aria-pressed')).toBe(false);
  });

  it('shows no controls outside a call', async () => {
    const { root } = await popup(popupState({ call: null }));
    expect(root.textContent).toContain('Not in a call');
    expect(root.querySelectorAll('button[aria-pressed]')).toHaveLength(0);
  });

  it('a refused action is said in words in the alert region', async () => {
    const { root } = await popup(popupState({ call: inCall({ toggleMute: true }) }), { callAction: () => Promise.resolve({ ok: false, error: 'Teams says there is no active call.' }) });
    await click(button(root, 'Mute'));
    expect(alertText(root)).toContain('Teams says there is no active call.');
  });
});

describe('popup: pairing with Teams desktop', () => {
  const withLocal = (state: SourceHealth['teamsLocal']['state'], canPair: boolean) => popupState({ health: health({ teamsLocal: { state, canPair, detail: null } }) });

  it('is disabled unless Teams allows pairing, and says why', async () => {
    const { root } = await popup(withLocal('unpaired', false));
    expect(button(root, 'Pair with Teams').disabled).toBe(true);
    expect(root.textContent).toContain('Pairing works only while you are in a Teams meeting');
  });

  it('is enabled with canPair, explains the Allow prompt, and sends pairTeams', async () => {
    const { root, worker } = await popup(withLocal('unpaired', true), { pairTeams: () => ok({}) });
    const pair = button(root, 'Pair with Teams');
    expect(pair.disabled).toBe(false);
    expect(root.querySelector('#pair-hint')?.textContent).toContain('Teams will show an Allow prompt');
    await click(pair);
    expect(worker.of('pairTeams')).toEqual([null]);
  });

  it('offers "Try Teams desktop again" only while the local API is off, and sends retryTeamsLocal', async () => {
    const { root, worker } = await popup(withLocal('off', false), { retryTeamsLocal: () => ok({}) });
    await click(button(root, 'Try Teams desktop again'));
    expect(worker.of('retryTeamsLocal')).toEqual([null]);
    const paired = await popup(withLocal('paired', false));
    expect(paired.root.textContent).not.toContain('Try Teams desktop again');
  });

  it('is absent once paired or when the API is off', async () => {
    for (const state of ['paired', 'off'] as const) {
      const { root } = await popup(withLocal(state, false));
      expect(root.textContent).not.toContain('Pair with Teams');
    }
  });
});

describe('popup: one time format', () => {
  it('writes every clock time with the same formatter, in the browser locale: "Since", "Until" and the manual status', async () => {
    const state = popupState({ status: status({ since: '2026-11-25T17:05:00Z' }), manual: { availability: 'Busy', until: '2026-11-25T18:30:00Z', message: null } });
    const { root } = await popup(state, {}, { locale: 'en-US', timeZone: 'UTC', now: () => Date.parse('2026-11-25T17:30:00Z') });
    await type(root.querySelector('input[type="time"]')!, '17:00');
    expect(root.querySelector('.status-meta')?.textContent).toContain('Since 05:05 PM');
    expect(root.querySelector('.manual-current')?.textContent).toContain('until 06:30 PM');
    expect(button(root, 'Busy until 05:00 PM').textContent).toBe('Until05:00 PM');
    const { root: gb } = await popup(state, {}, { locale: 'en-GB', timeZone: 'UTC', now: () => Date.parse('2026-11-25T17:30:00Z') });
    await type(gb.querySelector('input[type="time"]')!, '17:00');
    expect(gb.querySelector('.status-meta')?.textContent).toContain('Since 17:05');
    expect(button(gb, 'Busy until 17:00').textContent).toBe('Until17:00');
  });
});

describe('popup: manual status', () => {
  it('one click sets a status for 30 min or 1 h, computed from now', async () => {
    const { root, worker } = await popup(popupState(), { setManual: () => ok({}) });
    await click(button(root, 'Busy for 30 min'));
    await click(button(root, 'Do not disturb for 1 hour'));
    expect(worker.of('setManual')).toEqual([
      { availability: 'Busy', until: new Date(NOW + 30 * 60_000).toISOString() },
      { availability: 'DoNotDisturb', until: new Date(NOW + 60 * 60_000).toISOString() },
    ]);
  });

  it('"until cleared" sends no deadline; "until" a chosen time sends the next such local time', async () => {
    const { root, worker } = await popup(popupState(), { setManual: () => ok({}) });
    await click(button(root, 'Away until cleared'));
    await type(root.querySelector('input[type="time"]')!, '09:15');
    await click(button(root, 'Be right back until 09:15'));
    const at = new Date(NOW);
    at.setHours(9, 15, 0, 0);
    if (at.getTime() <= NOW) at.setDate(at.getDate() + 1);
    expect(worker.of('setManual')).toEqual([
      { availability: 'Away', until: null },
      { availability: 'BeRightBack', until: at.toISOString() },
    ]);
    expect(at.getTime()).toBeGreaterThan(NOW);
  });

  it('every one-click choice has a name that contains its visible text (speech input finds it)', async () => {
    const { root } = await popup();
    const chips = [...root.querySelectorAll('button.chip')];
    expect(chips).toHaveLength(16);
    for (const chip of chips) {
      // A <br> reads as a space, as in the accessibility tree.
      const visible = chip.innerHTML.replace(/<br\s*\/?>/g, ' ').replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim().toLowerCase();
      expect(chip.getAttribute('aria-label')?.toLowerCase()).toContain(visible);
    }
  });

  it('an empty time is refused in words, without sending', async () => {
    const { root, worker } = await popup(popupState(), { setManual: () => ok({}) });
    await type(root.querySelector('input[type="time"]')!, '');
    await click(button(root, 'Busy until the chosen time'));
    expect(worker.of('setManual')).toEqual([]);
    expect(root.querySelector('#until-error')?.textContent).toContain('Pick a time first');
  });

  it('offers Clear only while a manual status is set', async () => {
    const { root: without } = await popup();
    expect(() => button(without, 'Clear')).toThrow();
    // In UTC, 13:00 is later on NOW's day, so the bare time (another zone could put it on the next day).
    const { root, worker } = await popup(popupState({ manual: { availability: 'Busy', until: '2026-11-25T13:00:00Z', message: null } }), { clearManual: () => ok({}) }, { timeZone: 'UTC' });
    expect(root.querySelector('.manual-current')?.textContent).toMatch(/^You set Busy until 13:00\b/);
    await click(button(root, 'Clear'));
    expect(worker.of('clearManual')).toEqual([null]);
  });

  it('a relay or worker failure is shown in the alert region', async () => {
    const { root } = await popup(popupState(), { setManual: () => Promise.resolve({ ok: false, error: 'The manual status could not be saved.' }) });
    await click(button(root, 'Busy for 30 min'));
    expect(alertText(root)).toContain('The manual status could not be saved.');
  });
});

describe('popup: errors, share, timeline, refresh', () => {
  it("shows the worker's lastError in words", async () => {
    const { root } = await popup(popupState({ lastError: 'Teams did not answer the mute request.' }));
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('Teams did not answer the mute request.');
  });

  it('says so when the worker cannot give the state', async () => {
    const { root } = await popup(popupState(), { getState: () => Promise.resolve({ ok: false, error: 'worker restarting' }) });
    expect(alertText(root)).toContain('Cannot read the status: worker restarting');
  });

  it('copies the share link and confirms it', async () => {
    const copied: string[] = [];
    const { root } = await popup(popupState(), {}, { copyText: async (t: string) => void copied.push(t) });
    await click(button(root, 'Copy share link'));
    expect(copied).toEqual(['http://127.0.0.1:8080/s/abc123']);
    expect(root.querySelector('.copy-note')?.textContent).toBe('Copied.');
  });

  it("summarises today's timeline for screen readers and draws it", async () => {
    // Local noon: the day is the machine's local day, and 100 minutes back is still that day in any zone.
    const noon = new Date(2026, 10, 25, 12, 0).getTime();
    const at = (minutesAgo: number) => new Date(noon - minutesAgo * 60_000).toISOString();
    const segments = [
      { start: at(100), end: at(70), availability: 'Busy' as const, inCall: true },
      { start: at(70), end: at(30), availability: 'DoNotDisturb' as const, inCall: true },
      { start: at(30), end: at(0), availability: 'Available' as const, inCall: false },
    ];
    const { root, worker } = await popup(popupState(), { getTimeline: () => ok({ segments }) }, { now: () => noon });
    expect(worker.of('getTimeline')).toEqual([{ day: '2026-11-25' }]);
    expect(root.querySelector('.timeline-summary')?.textContent).toBe('1 h 10 min in calls today; 1 h 10 min busy or do not disturb.');
    // Three status blocks and two call bars on top of the two background lanes.
    expect(root.querySelectorAll('svg.timeline rect')).toHaveLength(7);
    expect(root.querySelector('svg.timeline')?.getAttribute('aria-hidden')).toBe('true');
  });

  it('polls getState about every second while open', async () => {
    const { worker } = await popup();
    const first = worker.of('getState').length;
    await until(() => expect(worker.of('getState').length).toBeGreaterThan(first));
    await settle();
  });
});

describe('popup: theme', () => {
  it("takes every colour from core's palette, light by default and dark under prefers-color-scheme", () => {
    const [light, dark] = paletteCss().split('@media (prefers-color-scheme: dark)');
    for (const [name, pair] of Object.entries(STATUS_COLOURS)) {
      expect(light).toContain(`--status-${name}: ${pair.light};`);
      expect(dark).toContain(`--status-${name}: ${pair.dark};`);
    }
    expect(light).toContain(`--background: ${SURFACE_COLOURS.background.light};`);
    expect(dark).toContain(`--background: ${SURFACE_COLOURS.background.dark};`);
  });
});
