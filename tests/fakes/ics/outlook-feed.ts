/**
 * Feeds shaped like Outlook's "Publish calendar" ICS (Exchange's PRODID, Windows-named
 * VTIMEZONEs defined in the feed, X-MICROSOFT-CDO-* properties, CRLF lines folded at 75
 * octets), written by hand so each test says exactly what the calendar holds.
 */

export const W_EUROPE = 'W. Europe Standard Time';
export const PACIFIC = 'Pacific Standard Time';

const ZONES: Record<string, string[]> = {
  [W_EUROPE]: [
    'BEGIN:VTIMEZONE', `TZID:${W_EUROPE}`,
    'BEGIN:STANDARD', 'DTSTART:16010101T030000', 'TZOFFSETFROM:+0200', 'TZOFFSETTO:+0100', 'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10', 'END:STANDARD',
    'BEGIN:DAYLIGHT', 'DTSTART:16010101T020000', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0200', 'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3', 'END:DAYLIGHT',
    'END:VTIMEZONE',
  ],
  [PACIFIC]: [
    'BEGIN:VTIMEZONE', `TZID:${PACIFIC}`,
    'BEGIN:STANDARD', 'DTSTART:16010101T020000', 'TZOFFSETFROM:-0700', 'TZOFFSETTO:-0800', 'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=1SU;BYMONTH=11', 'END:STANDARD',
    'BEGIN:DAYLIGHT', 'DTSTART:16010101T020000', 'TZOFFSETFROM:-0800', 'TZOFFSETTO:-0700', 'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=2SU;BYMONTH=3', 'END:DAYLIGHT',
    'END:VTIMEZONE',
  ],
};

export type BusyStatus = 'FREE' | 'TENTATIVE' | 'BUSY' | 'OOF' | 'WORKINGELSEWHERE';

export interface FeedEvent {
  uid: string;
  summary?: string;
  /** `20261006T100000` with `tz`, `20261006T100000Z`, or a date `20261030` for all-day. */
  start: string;
  end: string;
  tz?: string;
  busy?: BusyStatus;
  transp?: 'OPAQUE' | 'TRANSPARENT';
  status?: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';
  private?: boolean;
  rrule?: string;
  exdates?: string[];
  /** Extra instances (Outlook itself does not write RDATE; other calendars do). */
  rdates?: string[];
  /** Makes this an override of one instance of the series with the same uid. */
  recurrenceId?: string;
}

function when(name: string, value: string, tz: string | undefined): string {
  if (/^\d{8}$/.test(value)) return `${name};VALUE=DATE:${value}`;
  return tz && !value.endsWith('Z') ? `${name};TZID=${tz}:${value}` : `${name}:${value}`;
}

/** RFC 5545 folding: lines longer than 75 octets continue on the next line after a space. */
function fold(line: string): string {
  const parts = [line.slice(0, 75)];
  for (let i = 75; i < line.length; i += 74) parts.push(line.slice(i, i + 74));
  return parts.join('\r\n ');
}

function eventLines(e: FeedEvent): string[] {
  const allDay = /^\d{8}$/.test(e.start);
  const lines = ['BEGIN:VEVENT', 'DESCRIPTION:\\n'];
  if (e.rrule) lines.push(`RRULE:${e.rrule}`);
  for (const x of e.exdates ?? []) lines.push(when('EXDATE', x, e.tz));
  for (const x of e.rdates ?? []) lines.push(when('RDATE', x, e.tz));
  lines.push(`UID:040000008200E00074C5B7101A82E00800000000${e.uid}00000000000000001000000012345678901234567890ABCDEF`);
  if (e.recurrenceId) lines.push(when('RECURRENCE-ID', e.recurrenceId, e.tz));
  lines.push(`SUMMARY;LANGUAGE=en-US:${e.private ? 'Private Appointment' : (e.summary ?? 'Meeting')}`);
  lines.push(when('DTSTART', e.start, e.tz), when('DTEND', e.end, e.tz));
  lines.push(`CLASS:${e.private ? 'PRIVATE' : 'PUBLIC'}`, 'PRIORITY:5', 'DTSTAMP:20261001T120000Z');
  lines.push(`TRANSP:${e.transp ?? (e.busy === 'FREE' ? 'TRANSPARENT' : 'OPAQUE')}`, `STATUS:${e.status ?? 'CONFIRMED'}`, 'SEQUENCE:0');
  if (!e.private) lines.push('LOCATION;LANGUAGE=en-US:Microsoft Teams Meeting');
  lines.push('X-MICROSOFT-CDO-APPT-SEQUENCE:0');
  if (e.busy) lines.push(`X-MICROSOFT-CDO-BUSYSTATUS:${e.busy}`, `X-MICROSOFT-CDO-INTENDEDSTATUS:${e.busy}`);
  lines.push(`X-MICROSOFT-CDO-ALLDAYEVENT:${allDay ? 'TRUE' : 'FALSE'}`, 'X-MICROSOFT-CDO-IMPORTANCE:1', `X-MICROSOFT-CDO-INSTTYPE:${e.recurrenceId ? 3 : e.rrule ? 1 : 0}`);
  lines.push('X-MICROSOFT-DONOTFORWARDMEETING:FALSE', 'X-MICROSOFT-DISALLOW-COUNTER:FALSE', 'END:VEVENT');
  return lines;
}

/** A whole feed: the zones its events use, then the events. */
export function outlookFeed(events: readonly FeedEvent[]): string {
  const zones = [...new Set(events.flatMap((e) => (e.tz ? [e.tz] : [])))];
  const lines = ['BEGIN:VCALENDAR', 'METHOD:PUBLISH', 'PRODID:Microsoft Exchange Server 2010', 'VERSION:2.0', 'X-WR-CALNAME:Calendar'];
  for (const z of zones) lines.push(...(ZONES[z] ?? []));
  for (const e of events) lines.push(...eventLines(e));
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}
