// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { PopupApp } from '../../extension/popup/popup-app';
import { NOW, button, byLabel, click, fakeWorker, mount, ok, popupState, testEnv, until } from './ui-harness';

const mounted: (() => void)[] = [];
afterEach(() => mounted.splice(0).forEach((u) => u()));

async function popup(state: ReturnType<typeof popupState>) {
  const worker = fakeWorker({ getState: () => ok({ state }), getTimeline: () => ok({ segments: [] }), refreshSources: () => ok({}), pauseCalendar: () => ok({ calendarPausedUntil: null }) });
  const { root, unmount } = await mount(<PopupApp />, testEnv(worker.send, { timeZone: 'UTC' }));
  mounted.push(unmount);
  return { root, worker };
}

describe('popup: take the wheel from the calendar', () => {
  it('pauses the relay’s calendar for an hour, found by its label', async () => {
    const { root, worker } = await popup(popupState());
    await until(() => root.querySelector('#wheel-heading'));
    click(button(root, 'Ignore my calendar for 1 hour'));
    await until(() => worker.of('pauseCalendar').length > 0);
    expect(worker.of('pauseCalendar')).toEqual([{ until: new Date(NOW + 3_600_000).toISOString() }]);
  });

  it('while paused, says until when and hands the wheel back', async () => {
    const { root, worker } = await popup(popupState({ calendarPausedUntil: '2026-11-25T15:30:00.000Z' }));
    await until(() => root.textContent?.includes('does not set your status until 15:30'));
    click(button(root, 'Let the calendar set my status again'));
    await until(() => worker.of('pauseCalendar').length > 0);
    expect(worker.of('pauseCalendar')).toEqual([{ until: null }]);
  });

  it('is not offered without a relay (nothing would act on it)', async () => {
    const { root } = await popup(popupState({ share: null }));
    await until(() => root.querySelector('h2'));
    expect(root.querySelector('#wheel-heading')).toBeNull();
  });
});

describe('options: the calendar notification opt-out', () => {
  it('turns the notification off with the labelled switch', async () => {
    const { OptionsApp } = await import('../../extension/options/options-app');
    const { DEFAULT_MICROSOFT_SETTINGS } = await import('../../extension/sources/graph/settings');
    const { DEFAULT_NOTICE_SETTINGS } = await import('../../extension/background/calendar-notice');
    const settings = { relayUrl: null, displayName: null, teamsLocalUrl: 'ws://127.0.0.1:8124', teamsLocalEnabled: true, ...DEFAULT_MICROSOFT_SETTINGS, ...DEFAULT_NOTICE_SETTINGS };
    const worker = fakeWorker({
      getSettings: () => ok({ settings }),
      getState: () => ok({ state: popupState({ share: null }) }),
      getMicrosoft: () => ok({ microsoft: { signedIn: false, account: null, redirectUri: 'https://x.chromiumapp.org/', adminConsentUrl: null } }),
      saveSettings: (patch) => ok({ settings: { ...settings, ...(patch as object) } }),
    });
    const { root, unmount } = await mount(<OptionsApp />, testEnv(worker.send));
    mounted.push(unmount);
    await until(() => root.querySelector('#notices-heading'));
    const box = byLabel(root, 'Tell me when my calendar changes my status');
    expect(box.checked).toBe(true);
    click(box);
    await until(() => worker.of('saveSettings').length > 0);
    expect(worker.of('saveSettings')).toEqual([{ calendarNotifications: false }]);
  });
});
