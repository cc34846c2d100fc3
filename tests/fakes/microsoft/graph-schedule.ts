import { bearer, GRAPH_CONTEXT } from './graph-auth';
import { graphError, sendJson, type CalendarItem, type FakeRequest, type Route } from './model';

/**
 * `POST /v1.0/me/calendar/getSchedule` (Calendars.ReadBasic): for each requested address, the
 * fake's one calendar as `scheduleInformation` (availabilityView digits per interval, items).
 * Times are read as UTC when `timeZone` is "UTC" (what the extension sends) and written as
 * Graph writes them: `2026-11-25T10:00:00.0000000` with the request's time zone.
 */

export const DIGIT: Record<CalendarItem['status'], number> = { free: 0, workingElsewhere: 0, tentative: 1, busy: 2, oof: 3, unknown: 0 };

export const graphTime = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}.0000000`;

export function readTime(value: unknown): number | null {
  const v = value as { dateTime?: unknown; timeZone?: unknown } | undefined;
  if (typeof v?.dateTime !== 'string' || v.timeZone !== 'UTC') return null;
  const ms = Date.parse(`${v.dateTime.replace(/Z$/, '')}Z`);
  return Number.isFinite(ms) ? ms : null;
}

function getSchedule(r: FakeRequest): void {
  if (!bearer(r, ['Calendars.ReadBasic', 'Calendars.Read'])) return;
  let body: { schedules?: unknown; startTime?: unknown; endTime?: unknown; availabilityViewInterval?: unknown };
  try {
    body = JSON.parse(r.body) as typeof body;
  } catch {
    return graphError(r.res, 400, 'BadRequest', 'Unable to read JSON request payload.');
  }
  const start = readTime(body.startTime);
  const end = readTime(body.endTime);
  const interval = body.availabilityViewInterval ?? 30;
  if (!Array.isArray(body.schedules) || body.schedules.length === 0 || body.schedules.length > 20) return graphError(r.res, 400, 'ErrorInvalidParameter', 'schedules must list 1 to 20 addresses.');
  if (start === null || end === null || end <= start) return graphError(r.res, 400, 'ErrorInvalidParameter', 'startTime and endTime must be dateTimeTimeZone values (this fake reads UTC) with end after start.');
  if (typeof interval !== 'number' || interval < 5 || interval > 1440) return graphError(r.res, 400, 'ErrorInvalidParameter', 'availabilityViewInterval must be 5 to 1440 minutes.');
  const items = r.state.calendar.filter((i) => i.end > start && i.start < end).sort((a, b) => a.start - b.start);
  let view = '';
  for (let t = start; t < end; t += interval * 60_000) {
    const slotEnd = Math.min(end, t + interval * 60_000);
    view += String(Math.max(0, ...items.filter((i) => i.end > t && i.start < slotEnd).map((i) => DIGIT[i.status])));
  }
  const value = (body.schedules as unknown[]).map((address) =>
    String(address).toLowerCase() === r.state.person.mail.toLowerCase()
      ? {
          scheduleId: String(address),
          availabilityView: view,
          scheduleItems: items.map((i) => ({ isPrivate: i.isPrivate ?? false, status: i.status, subject: i.isPrivate ? '' : (i.subject ?? ''), location: '', start: { dateTime: graphTime(i.start), timeZone: 'UTC' }, end: { dateTime: graphTime(i.end), timeZone: 'UTC' } })),
          workingHours: { daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], startTime: '08:00:00.0000000', endTime: '17:00:00.0000000', timeZone: { name: 'UTC' } },
        }
      : { scheduleId: String(address), availabilityView: '', error: { message: 'The user is outside of your organization.', responseCode: 'ErrorMailRecipientNotFound' } },
  );
  sendJson(r.res, 200, { '@odata.context': `${GRAPH_CONTEXT(r.origin)}#Collection(microsoft.graph.scheduleInformation)`, value });
}

export const scheduleRoutes: Route[] = [{ method: 'POST', area: 'graph', path: /^\/v1\.0\/me\/calendar\/getSchedule$/, handle: getSchedule }];
