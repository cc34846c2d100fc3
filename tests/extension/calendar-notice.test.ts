import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../extension/background/handlers';
import { DEFAULT_MICROSOFT_SETTINGS } from '../../extension/sources/graph/settings';
import { memorySlots, startWorker, type Harness } from './worker-harness';

const started: Harness[] = [];
afterEach(() => started.splice(0).forEach((h) => h.stop()));

describe('worker: a browser notification when the calendar changed the status (opt-out)', () => {
  const at = (ms: number) => new Date(ms).toISOString();

  it('tells when a calendar block sets the status and when it ends; nothing for other changes', async () => {
    const clock = { now: Date.parse('2026-11-25T10:00:00Z') };
    const h = await startWorker({ slots: memorySlots(), clock });
    started.push(h);
    await h.worker.publish('calendar', { observedAt: at(clock.now), current: { start: at(clock.now - 60_000), end: at(clock.now + 1_800_000), showAs: 'busy' } });
    expect(h.notifications).toEqual([{ title: 'Your calendar changed your status', message: 'Busy until 10:30' }]);
    await h.worker.publish('manual', { observedAt: at(clock.now + 1000), availability: 'DoNotDisturb' });
    expect(h.notifications).toHaveLength(2);
    expect(h.notifications[1]).toEqual({ title: 'Your calendar block ended', message: 'Your status is now: Do not disturb' });
    await h.worker.publish('manual', { observedAt: at(clock.now + 2000), availability: 'Away' });
    expect(h.notifications).toHaveLength(2);
  });

  it('says nothing once the person turned it off', async () => {
    const clock = { now: Date.parse('2026-11-25T10:00:00Z') };
    const h = await startWorker({ slots: memorySlots(), clock });
    started.push(h);
    await h.worker.configure({ teamsLocalUrl: 'ws://127.0.0.1:8124', teamsLocalEnabled: false, ...DEFAULT_MICROSOFT_SETTINGS, calendarNotifications: false });
    await h.worker.publish('calendar', { observedAt: at(clock.now), current: { start: at(clock.now - 60_000), end: at(clock.now + 1_800_000), showAs: 'oof' } });
    expect(h.badges.at(-1)?.label).toBe('Out of office until 10:30');
    expect(h.notifications).toEqual([]);
  });

  it('refuses a switch that is not on or off, and keeps the setting', async () => {
    const h = await startWorker({ slots: memorySlots(), clock: { now: Date.parse('2026-11-25T10:00:00Z') } });
    started.push(h);
    const reply = await createHandlers(Promise.resolve(h.worker)).saveSettings({ calendarNotifications: 'no' as unknown as boolean });
    expect(reply).toEqual({ ok: false, error: 'The calendar-notification switch must be on or off.' });
    expect((await h.worker.deps.slots.settings.get()).calendarNotifications).toBe(true);
  });
});
