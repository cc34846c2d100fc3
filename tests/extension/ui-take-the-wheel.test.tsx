// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { PopupApp } from '../../extension/popup/popup-app';
import { NOW, button, click, fakeWorker, mount, ok, popupState, testEnv, until } from './ui-harness';

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
    await until(() => root.querySelector('#wheel-heading'), 'the calendar card');
    click(button(root, 'Ignore my calendar for 1 hour'));
    await until(() => worker.of('pauseCalendar').length > 0, 'the pause to be sent');
    expect(worker.of('pauseCalendar')).toEqual([{ until: new Date(NOW + 3_600_000).toISOString() }]);
  });

  it('while paused, says until when and hands the wheel back', async () => {
    const { root, worker } = await popup(popupState({ calendarPausedUntil: '2026-11-25T15:30:00.000Z' }));
    await until(() => root.textContent?.includes('does not set your status until 15:30'), 'the paused line');
    click(button(root, 'Let the calendar set my status again'));
    await until(() => worker.of('pauseCalendar').length > 0, 'the hand-back to be sent');
    expect(worker.of('pauseCalendar')).toEqual([{ until: null }]);
  });

  it('is not offered without a relay (nothing would act on it)', async () => {
    const { root } = await popup(popupState({ share: null }));
    await until(() => root.querySelector('h2'), 'the popup');
    expect(root.querySelector('#wheel-heading')).toBeNull();
  });
});
