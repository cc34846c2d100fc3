// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_NOTICE_SETTINGS } from '../../extension/background/calendar-notice';
import { DEFAULT_MICROSOFT_SETTINGS } from '../../extension/sources/graph/settings';
import type { ShareLevel } from '../../core';
import type { PopupState, Settings } from '../../extension/shared/messages';
import { OptionsApp } from '../../extension/options/options-app';
import { checkRelayUrl } from '../../extension/options/relay-url';
import type { UiEnv } from '../../extension/ui/ui-env';
import { alertText, button, byLabel, click, fakeWorker, mount, ok, popupState, settle, testEnv, type, until } from './ui-harness';

const mounted: (() => void)[] = [];
afterEach(() => mounted.splice(0).forEach((u) => u()));

const SETTINGS: Settings = { relayUrl: null, displayName: null, teamsLocalUrl: 'ws://127.0.0.1:8124', teamsLocalEnabled: true, ...DEFAULT_MICROSOFT_SETTINGS, ...DEFAULT_NOTICE_SETTINGS };

/** A small stateful fake worker: connecting gives a share, rotating changes it, disconnecting drops it. */
function relayWorker(opts: { settings?: Partial<Settings>; relay?: PopupState['health']['relay']; share?: PopupState['share']; connectError?: string } = {}) {
  let settings: Settings = { ...SETTINGS, ...opts.settings };
  let share = opts.share ?? null;
  let relay = opts.relay ?? { state: share ? 'synced' : 'not-connected', queued: 0, detail: null };
  let rotations = 0;
  const state = () => popupState({ share, health: { ...popupState().health, relay } });
  return fakeWorker({
    getSettings: () => ok({ settings }),
    getState: () => ok({ state: state() }),
    getMqtt: () => ok({ mqtt: { enabled: false, name: null, entities: [], brokerConfigured: true } }),
    connectRelay: async ({ relayUrl, displayName }) => {
      if (opts.connectError) return { ok: false, error: opts.connectError };
      settings = { ...settings, relayUrl, displayName };
      share = { url: `${relayUrl}/s/first-link`, level: 'basic' };
      relay = { state: 'synced', queued: 0, detail: null };
      return { ok: true, share };
    },
    setShareLevel: async ({ level }) => ({ ok: true, share: (share = { ...share!, level }) }),
    rotateShare: async () => ({ ok: true, share: (share = { ...share!, url: `${settings.relayUrl}/s/rotated-${++rotations}` }) }),
    disconnectRelay: async () => {
      share = null;
      relay = { state: 'not-connected', queued: 0, detail: null };
      return { ok: true } as never;
    },
    saveSettings: async (patch) => ({ ok: true, settings: (settings = { ...settings, ...patch }) }),
  });
}

async function options(worker = relayWorker(), env: Partial<UiEnv> = {}) {
  const { root, unmount } = await mount(<OptionsApp />, testEnv(worker.send, env));
  mounted.push(unmount);
  await until(() => byLabel(root, 'Relay URL'));
  return { root, worker };
}

async function connected(level: ShareLevel = 'basic') {
  const worker = relayWorker({ settings: { relayUrl: 'http://127.0.0.1:8080', displayName: 'Ada' }, share: { url: 'http://127.0.0.1:8080/s/first-link', level } });
  const { root, unmount } = await mount(<OptionsApp />, testEnv(worker.send));
  mounted.push(unmount);
  await until(() => button(root, 'Rotate link'));
  return { root, worker };
}

async function fillAndConnect(root: HTMLElement, url: string, name: string) {
  await type(byLabel(root, 'Relay URL'), url);
  await type(byLabel(root, 'Your name'), name);
  await click(button(root, 'Connect'));
}

describe('options: relay URL checks before sending', () => {
  it.each([
    ['', 'Enter the relay address'],
    ['status.example.com', 'not a web address'],
    ['ftp://status.example.com', 'must start with https:// or http://, not ftp://'],
    ['javascript:alert(1)', 'must start with https:// or http://'],
    ['https://user:pw@status.example.com', 'Leave the user name and password out'],
  ])('%j is refused inline and nothing is sent', async (url, words) => {
    const { root, worker } = await options();
    await fillAndConnect(root, url, 'Ada');
    expect(worker.of('connectRelay')).toEqual([]);
    const field = byLabel(root, 'Relay URL');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(root.querySelector('#relay-url-error')?.textContent).toContain(words);
    expect(field.getAttribute('aria-describedby')).toContain('relay-url-error');
  });

  it('asks for a name', async () => {
    const { root, worker } = await options();
    await fillAndConnect(root, 'https://status.example.com', '   ');
    expect(worker.of('connectRelay')).toEqual([]);
    expect(root.querySelector('#display-name-error')?.textContent).toContain('Enter your name');
  });

  it('normalises a good address (origin + path, no trailing slash)', () => {
    expect(checkRelayUrl('  https://Status.Example.com/team/  ')).toEqual({ ok: true, url: 'https://status.example.com/team' });
    expect(checkRelayUrl('http://127.0.0.1:8080')).toEqual({ ok: true, url: 'http://127.0.0.1:8080' });
  });
});

describe('options: connect flow', () => {
  it('sends connectRelay with the name, then shows link, QR, level, rotate and disconnect', async () => {
    const { root, worker } = await options();
    await fillAndConnect(root, 'http://127.0.0.1:8080/', ' Ada Lovelace ');
    expect(worker.of('connectRelay')).toEqual([{ relayUrl: 'http://127.0.0.1:8080', displayName: 'Ada Lovelace' }]);
    await until(() => expect(root.querySelector('img.share-qr')).not.toBeNull());
    expect(byLabel(root, 'Share link').value).toBe('http://127.0.0.1:8080/s/first-link');
    const qr = root.querySelector('img.share-qr')!;
    expect(qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    expect(qr.getAttribute('alt')).toContain('QR code of your share link');
    const radios = [...root.querySelectorAll<HTMLInputElement>('input[name="share-level"]')];
    expect(radios.map((r) => [r.value, r.checked])).toEqual([['basic', true], ['detailed', false]]);
    expect(root.querySelector('fieldset legend')?.textContent).toBe('What the link shows');
    expect(button(root, 'Rotate link')).toBeTruthy();
    expect(button(root, 'Disconnect')).toBeTruthy();
    expect(root.querySelector('[role="status"].notice')?.textContent).toContain('Connected');
    expect(root.querySelector('.relay-state')?.textContent).toContain('Synced');
  });

  it("shows the relay's refusal in words and keeps the form", async () => {
    const { root } = await options(relayWorker({ connectError: 'The relay at https://status.example.com could not be reached (connection refused).' }));
    await fillAndConnect(root, 'https://status.example.com', 'Ada');
    expect(alertText(root)).toContain('could not be reached (connection refused)');
    expect(button(root, 'Connect')).toBeTruthy();
  });

  it('asks the browser for access to the relay first, and sends nothing when refused', async () => {
    const asked: string[] = [];
    const { root, worker } = await options(relayWorker(), { requestRelayAccess: async (url) => (asked.push(url), false) });
    await fillAndConnect(root, 'https://status.example.com/', 'Ada');
    expect(asked).toEqual(['https://status.example.com']);
    expect(worker.of('connectRelay')).toEqual([]);
    expect(alertText(root)).toContain('needs your permission to reach status.example.com');
  });

  it('recognises a pasted share link and connects to its relay, saying so', async () => {
    const { root, worker } = await options();
    await fillAndConnect(root, 'https://status.example.com/team/s/Xy_9-abcdefghijklmnop', 'Ada');
    expect(worker.of('connectRelay')).toEqual([{ relayUrl: 'https://status.example.com/team', displayName: 'Ada' }]);
    expect(root.querySelector('[role="status"].notice')?.textContent).toContain('That is a share link; connecting to its relay, https://status.example.com/team.');
    expect(checkRelayUrl('http://127.0.0.1:8787/s/abc/widget.js')).toMatchObject({ ok: true, url: 'http://127.0.0.1:8787' });
    expect(checkRelayUrl('http://127.0.0.1:8787/api/v1/users')).toMatchObject({ ok: true, url: 'http://127.0.0.1:8787' });
  });

  it("says to answer the browser's prompt while it waits, and not after", async () => {
    let answer: (allowed: boolean) => void = () => undefined;
    const { root, worker } = await options(relayWorker(), { requestRelayAccess: () => new Promise<boolean>((ok) => (answer = ok)) });
    await fillAndConnect(root, 'https://status.example.com', 'Ada');
    await until(() => expect(root.textContent).toContain("Answer your browser's prompt: it asks whether the extension may reach status.example.com."));
    expect(button(root, 'Connect').disabled).toBe(true);
    answer(true);
    await until(() => expect(worker.of('connectRelay')).toHaveLength(1));
    expect(root.textContent).not.toContain("Answer your browser's prompt");
  });

  it('warns that a share link on this computer cannot be opened on a phone', async () => {
    const { root } = await connected();
    expect(root.querySelector('[data-role="loopback"]')?.textContent).toContain('This link points at 127.0.0.1:8080, this computer only: a phone cannot open it.');
    const remote = relayWorker({ settings: { relayUrl: 'https://status.example.com', displayName: 'Ada' }, share: { url: 'https://status.example.com/s/x', level: 'basic' } });
    const { root: ok2, unmount } = await mount(<OptionsApp />, testEnv(remote.send));
    mounted.push(unmount);
    await until(() => button(ok2, 'Rotate link'));
    expect(ok2.querySelector('[data-role="loopback"]')).toBeNull();
  });

  it('prefills the name it already knows and offers to reconnect when revoked', async () => {
    const { root } = await options(relayWorker({ settings: { relayUrl: 'https://status.example.com', displayName: 'Ada' }, share: { url: 'x', level: 'basic' }, relay: { state: 'revoked', queued: 0, detail: null } }));
    expect(root.textContent).toContain('The relay no longer accepts this extension');
    expect(byLabel(root, 'Relay URL').value).toBe('https://status.example.com');
    expect(byLabel(root, 'Your name').value).toBe('Ada');
  });
});

describe('options: managing the link', () => {
  it('changes the share level', async () => {
    const { root, worker } = await connected();
    await click(root.querySelector('input[value="detailed"]')!);
    expect(worker.of('setShareLevel')).toEqual([{ level: 'detailed' }]);
    expect(root.querySelector<HTMLInputElement>('input[value="detailed"]')?.checked).toBe(true);
  });

  it('rotates only after confirming that the old link stops working', async () => {
    const { root, worker } = await connected();
    await click(button(root, 'Rotate link'));
    expect(root.textContent).toContain('the old link stops working');
    await click(button(root, 'Cancel'));
    expect(worker.of('rotateShare')).toEqual([]);
    expect(document.activeElement).toBe(button(root, 'Rotate link'));
    await click(button(root, 'Rotate link'));
    expect(document.activeElement).toBe(button(root, 'Rotate now'));
    await click(button(root, 'Rotate now'));
    expect(worker.of('rotateShare')).toEqual([null]);
    await settle();
    expect(byLabel(root, 'Share link').value).toBe('http://127.0.0.1:8080/s/rotated-1');
  });

  it('disconnects only after confirming the account is deleted, then offers Connect again', async () => {
    const { root, worker } = await connected();
    await click(button(root, 'Disconnect'));
    expect(root.textContent).toContain('deletes your account and history on the relay');
    expect(worker.of('disconnectRelay')).toEqual([]);
    await click(button(root, 'Disconnect and delete'));
    expect(worker.of('disconnectRelay')).toEqual([null]);
    await until(() => button(root, 'Connect'));
    expect(root.textContent).toContain('Disconnected');
  });
});

describe('options: disconnect that half-worked', () => {
  it("shows the worker's warning and, if this browser was disconnected anyway, offers Connect", async () => {
    const worker = relayWorker({ settings: { relayUrl: 'http://127.0.0.1:8080', displayName: 'Ada' }, share: { url: 'http://127.0.0.1:8080/s/first-link', level: 'basic' } });
    const send = worker.send;
    let dropped = false;
    const wrapped: typeof send = (async (type: Parameters<typeof send>[0], payload: never) => {
      if (type === 'disconnectRelay') {
        dropped = true;
        return { ok: false, error: 'Disconnected here, but the relay could not be reached to delete your account.' };
      }
      if (type === 'getState' && dropped) return { ok: true, state: popupState({ share: null, health: { ...popupState().health, relay: { state: 'not-connected', queued: 0, detail: null } } }) };
      return send(type, payload);
    }) as typeof send;
    const { root, unmount } = await mount(<OptionsApp />, testEnv(wrapped));
    mounted.push(unmount);
    await until(() => button(root, 'Disconnect'));
    await click(button(root, 'Disconnect'));
    await click(button(root, 'Disconnect and delete'));
    await until(() => button(root, 'Connect'));
    expect(alertText(root)).toContain('the relay could not be reached to delete your account');
  });
});

describe('options: worker not answering', () => {
  it('says so in words instead of an empty page', async () => {
    const worker = fakeWorker({ getSettings: () => Promise.resolve({ ok: false, error: 'The background worker did not answer.' }), getState: () => ok({ state: popupState() }) });
    const { root, unmount } = await mount(<OptionsApp />, testEnv(worker.send));
    mounted.push(unmount);
    expect(alertText(root)).toContain("Cannot read the extension's settings: The background worker did not answer.");
    expect(root.textContent).toContain('Loading…');
  });
});

describe('options: advanced', () => {
  it('shows the Teams local API address and switch, validates and saves them', async () => {
    const { root, worker } = await options();
    const details = root.querySelector('section[aria-labelledby="teams-heading"] details')!;
    expect(details.querySelector('summary')?.textContent).toBe('Advanced');
    const address = byLabel(root, 'Teams local API address');
    expect(address.value).toBe('ws://127.0.0.1:8124');
    const toggle = details.querySelector<HTMLInputElement>('input[role="switch"]')!;
    expect(toggle.checked).toBe(true);

    await type(address, 'http://127.0.0.1:8124');
    await click(button(root, 'Save advanced settings'));
    expect(worker.of('saveSettings')).toEqual([]);
    expect(root.querySelector('#teams-local-url-error')?.textContent).toContain('must start with ws://');

    await type(address, 'ws://127.0.0.1:9000');
    await click(toggle);
    await click(button(root, 'Save advanced settings'));
    expect(worker.of('saveSettings')).toEqual([{ teamsLocalUrl: 'ws://127.0.0.1:9000', teamsLocalEnabled: false }]);
  });
});
