import type { CalendarReport } from '../../../core';
import type { SourceLine } from '../../shared/messages';
import type { SourceContext, StatusSource } from '../source';
import type { MicrosoftAccount } from './account';
import { graphClient } from './graph-client';
import { GraphPoller } from './poller';
import { nextBoundary, scheduleItems, toCalendarReport } from './schedule';

export const CALENDAR_POLL_MS = 5 * 60_000;
const WINDOW_MS = 12 * 60 * 60_000;

const utc = (ms: number) => ({ dateTime: new Date(ms).toISOString().slice(0, 19), timeZone: 'UTC' });

/**
 * Free/busy from Microsoft 365: POST /me/calendar/getSchedule (now → +12 h, 5-minute view)
 * after sign-in, every 5 minutes, and at each block boundary, so "Busy until 11:00" turns over
 * at 11:00. Between reads the report is recomputed from the items already fetched.
 */
export function graphCalendarSource(context: SourceContext, account: MicrosoftAccount, intervalMs = CALENDAR_POLL_MS): StatusSource<'calendar'> {
  let items: ReturnType<typeof scheduleItems>['items'] | null = null;
  let withdraw = false;
  let fetchedAt = 0;
  // Blocks are recomputed at every look, but observed when fetched: a calendar Graph stopped
  // answering for must age into stale at the relay, not look fresh forever.
  const report = (): CalendarReport | null => items && { ...toCalendarReport(items, context.now()), observedAt: new Date(fetchedAt).toISOString() };
  let listener: () => void = () => undefined;
  const poller: GraphPoller = new GraphPoller({
    context,
    account,
    intervalMs,
    permission: 'Calendars.ReadBasic',
    async read() {
      const now = context.now();
      const email = account.view().email;
      if (!email) throw new Error('the signed-in account has no mailbox address');
      const body: unknown = await graphClient(account)
        .api('/me/calendar/getSchedule')
        .post({ schedules: [email], startTime: utc(now), endTime: utc(now + WINDOW_MS), availabilityViewInterval: 5 });
      const parsed = scheduleItems(body);
      if (parsed.error) throw new Error(parsed.error);
      return () => {
        items = parsed.items;
        fetchedAt = now;
        withdraw = false;
      };
    },
    changed: () => {
      const report = items && toCalendarReport(items, context.now());
      const boundary = report && nextBoundary(report);
      if (boundary !== null && boundary !== undefined) poller.at(boundary);
      listener();
    },
  });
  return {
    id: 'graph-calendar',
    publishes: 'calendar',
    start: async () =>
      poller.followAccount(() => {
        items = null;
        withdraw = true;
      }),
    stop: () => poller.setActive(false),
    health(): SourceLine {
      const signedIn = account.view().signedIn;
      const base = { id: 'graph-calendar', name: 'Outlook calendar', updatedAt: poller.lastOkAt ? new Date(poller.lastOkAt).toISOString() : null };
      if (!signedIn) return { ...base, words: 'Not signed in', tone: 'off', detail: null };
      if (poller.problem) return { ...base, words: 'Cannot read', tone: 'bad', detail: poller.problem };
      const next = items && toCalendarReport(items, context.now()).next;
      return { ...base, words: items ? 'Reading free/busy' : 'Reading…', tone: items ? 'ok' : 'wait', detail: next ? `next ${next.showAs === 'oof' ? 'out of office' : 'meeting'} at ${context.clock(next.start)}` : null };
    },
    current: (): { report: CalendarReport | null; clear: boolean } => ({ report: report(), clear: withdraw }),
    onChange: (l) => void (listener = l),
    wantsKeepAlive: () => false,
    onAlarm: (name) => (name === 'poll' ? poller.due() : Promise.resolve()),
    refresh: () => void poller.due(true),
  };
}
