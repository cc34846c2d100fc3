import { sendBatched, type BatchRequest } from '../graph/batch';
import type { GraphApp } from '../graph/graph-app';
import type { PersonCalendar, WorkingHours } from './slots';

/** Addresses per getSchedule request (Graph's limit). */
const SCHEDULES_PER_REQUEST = 20;
/** Statuses a meeting cannot go over; free and working elsewhere can. */
const BUSY = new Set(['busy', 'tentative', 'oof']);

interface ScheduleInformation {
  scheduleId?: string;
  scheduleItems?: { status?: string; start?: { dateTime?: string }; end?: { dateTime?: string } }[];
  workingHours?: WorkingHours;
  error?: { message?: string };
}

const graphTime = (ms: number) => ({ dateTime: new Date(ms).toISOString().slice(0, 19), timeZone: 'UTC' });
const utc = (t: string | undefined) => (t ? Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(t) ? t : `${t}Z`) : NaN);

/**
 * Everyone's free/busy and working hours for the round's window, app-only (Calendars.Read): 20
 * addresses per getSchedule, 20 of those per $batch. A mailbox Graph cannot read is answered
 * as no calendar (null): the group then gets no slot rather than a guessed one.
 */
export async function fetchCalendars(graph: GraphApp, asker: string, emails: readonly string[], window: { start: number; end: number }, onProgress: (done: number) => void = () => {}): Promise<Map<string, PersonCalendar | null>> {
  const chunks: string[][] = [];
  for (let i = 0; i < emails.length; i += SCHEDULES_PER_REQUEST) chunks.push(emails.slice(i, i + SCHEDULES_PER_REQUEST));
  const requests: BatchRequest[] = chunks.map((chunk) => ({
    method: 'POST',
    url: `/users/${encodeURIComponent(asker)}/calendar/getSchedule`,
    body: { schedules: chunk, startTime: graphTime(window.start), endTime: graphTime(window.end), availabilityViewInterval: 15 },
  }));
  const out = new Map<string, PersonCalendar | null>();
  let done = 0;
  await sendBatched(
    graph,
    requests,
    (index, answer) => {
      const values = answer.status === 200 ? ((answer.body as { value?: ScheduleInformation[] } | null)?.value ?? []) : [];
      const byAddress = new Map(values.map((v) => [v.scheduleId?.toLowerCase(), v]));
      for (const email of chunks[index]!) {
        const info = byAddress.get(email);
        out.set(email, !info || info.error ? null : { email, workingHours: info.workingHours ?? null, busy: (info.scheduleItems ?? []).filter((i) => BUSY.has((i.status ?? '').toLowerCase())).map((i) => ({ start: utc(i.start?.dateTime), end: utc(i.end?.dateTime) })).filter((b) => b.end > b.start) });
      }
      done += chunks[index]!.length;
      onProgress(done);
    },
    { stats: { throttled: 0 } },
  );
  return out;
}
