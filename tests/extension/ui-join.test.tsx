// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../extension/shared/messages';
import { DEFAULT_NOTICE_SETTINGS } from '../../extension/background/calendar-notice';
import { DEFAULT_MICROSOFT_SETTINGS } from '../../extension/sources/graph/settings';
import { OptionsApp } from '../../extension/options/options-app';
import { button, byLabel, click, fakeWorker, mount, ok, popupState, testEnv, type, until } from './ui-harness';

const mounted: (() => void)[] = [];
afterEach(() => mounted.splice(0).forEach((u) => u()));

const SETTINGS: Settings = { relayUrl: null, displayName: null, teamsLocalUrl: 'ws://127.0.0.1:8124', teamsLocalEnabled: true, ...DEFAULT_MICROSOFT_SETTINGS, ...DEFAULT_NOTICE_SETTINGS };
const CODE = `u1.${'s'.repeat(43)}`;

function joinWorker() {
  let share: { url: string; level: 'basic' } | null = null;
  return fakeWorker({
    getSettings: () => ok({ settings: SETTINGS }),
    getState: () => ok({ state: popupState({ share, health: { ...popupState().health, relay: { state: share ? 'synced' : 'not-connected', queued: 0, detail: null } } }) }),
    connectRelay: async ({ relayUrl }) => ({ ok: true, share: (share = { url: `${relayUrl}/s/joined`, level: 'basic' }) }),
  });
}

async function options() {
  const worker = joinWorker();
  const { root, unmount } = await mount(<OptionsApp />, testEnv(worker.send));
  mounted.push(unmount);
  await until(() => byLabel(root, 'Invite link'));
  return { root, worker };
}

describe('options: Join your organisation', () => {
  it('sends the relay address and the code from a pasted invite link', async () => {
    const { root, worker } = await options();
    expect(root.textContent).toContain('Join your organisation');
    await type(byLabel(root, 'Invite link'), `https://status.example.com/join/${CODE}`);
    await click(button(root, 'Join'));
    await until(() => worker.of('connectRelay').length > 0);
    expect(worker.of('connectRelay')).toEqual([{ relayUrl: 'https://status.example.com', displayName: '', inviteCode: CODE }]);
  });

  it('says under the field what is wrong with a link that is not an invite, and sends nothing', async () => {
    const { root, worker } = await options();
    await type(byLabel(root, 'Invite link'), 'https://status.example.com/s/a-share-link');
    await click(button(root, 'Join'));
    expect(byLabel(root, 'Invite link').getAttribute('aria-invalid')).toBe('true');
    expect(root.querySelector('#invite-link-error')?.textContent).toMatch(/not an invite link/);
    expect(worker.of('connectRelay')).toEqual([]);
  });
});
