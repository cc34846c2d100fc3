import { afterEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../extension/background/handlers';
import { calendarLinkSource, EMPTY_CALENDAR_LINK, type CalendarLinkState } from '../../extension/sources/ics/calendar-link-source';
import { SAMPLE_FEED } from '../fakes/ics/sample-calendar';
import { startIcsFake, type IcsFake } from '../fakes/ics/server';
import { memorySlot, memorySlots, startWorker, type Harness } from './worker-harness';

const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

let fake: IcsFake | undefined;
let harness: Harness | undefined;
afterEach(async () => {
  harness?.stop();
  await fake?.close();
  fake = harness = undefined;
});

async function workerWithCalendarLink() {
  const alarms = new Map<string, number>();
  const h = await startWorker({
    slots: memorySlots(),
    clock: { now: Date.parse('2026-10-28T13:30:00Z') },
    alarms: { set: (name, when) => void alarms.set(name, when), clear: (name) => void alarms.delete(name) },
    createSources: (context) => [calendarLinkSource({ context: context('calendar-link'), state: memorySlot<CalendarLinkState>(EMPTY_CALENDAR_LINK), fetch, timeZone: 'Europe/Berlin', userAgent: BROWSER_UA })],
  });
  harness = h;
  return { ...h, alarms };
}

describe('the calendar link inside the worker', () => {
  it('a saved link becomes the calendar report and "Busy until"; emptying it withdraws the calendar', async () => {
    fake = await startIcsFake({ feed: SAMPLE_FEED });
    const { worker, alarms } = await workerWithCalendarLink();
    await worker.configure({ ...(await worker.deps.slots.settings.get()), calendarLinkUrl: fake.url() });
    expect(worker.book.report('calendar')).toMatchObject({ current: { start: '2026-10-28T13:00:00.000Z', end: '2026-10-28T15:00:00.000Z', showAs: 'busy' } });
    expect(worker.book.view(worker.deps.now())).toMatchObject({ availability: 'Busy', label: 'Busy until 15:00', source: 'calendar' });
    expect(worker.sources.find((s) => s.id === 'calendar-link')?.health()).toMatchObject({ words: 'Up to date' });
    // Its alarm carries the worker's prefix, so main.ts routes it back to this source.
    expect([...alarms.keys()]).toEqual(['source:calendar-link:check']);
    expect(alarms.get('source:calendar-link:check')).toBe(Date.parse('2026-10-28T13:45:00Z'));

    await worker.configure({ ...(await worker.deps.slots.settings.get()), calendarLinkUrl: null });
    expect(worker.book.report('calendar')).toBeUndefined();
    expect(alarms.size).toBe(0);
  });

  it('refuses a link it cannot use before saving it', async () => {
    const { worker } = await workerWithCalendarLink();
    const reply = await createHandlers(Promise.resolve(worker)).saveSettings({ calendarLinkUrl: 'http://outlook.office365.com/owa/calendar/x/calendar.ics' });
    expect(reply).toEqual({ ok: false, error: expect.stringMatching(/must start with https:\/\//) });
    expect((await worker.deps.slots.settings.get()).calendarLinkUrl).toBeUndefined();
  });
});
