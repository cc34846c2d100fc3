import { z } from 'zod';
import { MANUAL_AVAILABILITIES } from '../availability';
import { SHOW_AS } from '../show-as';
import { displayText } from './display-text';
import { LIMITS } from './limits';

/** ISO 8601 time with an explicit zone (Z or offset); normalised to UTC by the store. */
export const isoTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 time with a zone' });

const flag = z.boolean().optional();

/** What a Teams source saw of the call; omitted flags mean "could not tell". */
export const callStateSchema = z.strictObject({
  inCall: z.boolean(),
  muted: flag,
  camera: flag,
  handRaised: flag,
  sharing: flag,
  recording: flag,
});
export type CallState = z.infer<typeof callStateSchema>;

const graphWord = z.string().min(1).max(LIMITS.graphWord).regex(/^[A-Za-z]+$/, 'must be a single word of letters');

/** Own presence as a Teams client shows it (an addition to the v1 contract; optional). */
export const presenceSchema = z.strictObject({ availability: graphWord, activity: graphWord });

export const teamsReportSchema = z.strictObject({
  observedAt: isoTime,
  call: callStateSchema.nullable(),
  presence: presenceSchema.optional(),
});
export type TeamsReport = z.infer<typeof teamsReportSchema>;

export const graphReportSchema = z.strictObject({
  observedAt: isoTime,
  availability: graphWord,
  activity: graphWord,
  statusMessage: displayText(z.string().max(LIMITS.message)).optional(),
});
export type GraphReport = z.infer<typeof graphReportSchema>;

export { SHOW_AS, type ShowAs } from '../show-as';

export const calendarEventSchema = z
  .strictObject({ start: isoTime, end: isoTime, showAs: z.enum(SHOW_AS) })
  .refine((e) => Date.parse(e.end) > Date.parse(e.start), { message: 'must be after start', path: ['end'] });
export type CalendarEvent = z.infer<typeof calendarEventSchema>;

export const calendarReportSchema = z.strictObject({
  observedAt: isoTime,
  current: calendarEventSchema.nullable().optional(),
  next: calendarEventSchema.nullable().optional(),
});
export type CalendarReport = z.infer<typeof calendarReportSchema>;

export const manualReportSchema = z.strictObject({
  observedAt: isoTime,
  availability: z.enum(MANUAL_AVAILABILITIES),
  activity: graphWord.optional(),
  message: displayText(z.string().max(LIMITS.message)).optional(),
  until: isoTime.nullable().optional(),
});
export type ManualReport = z.infer<typeof manualReportSchema>;

/** One schema per source; the relay picks by the `{source}` path segment. */
export const REPORT_SCHEMAS = {
  manual: manualReportSchema,
  'teams-local': teamsReportSchema,
  'teams-web': teamsReportSchema,
  graph: graphReportSchema,
  calendar: calendarReportSchema,
} as const;

export interface ReportBySource {
  manual: ManualReport;
  'teams-local': TeamsReport;
  'teams-web': TeamsReport;
  graph: GraphReport;
  calendar: CalendarReport;
}

export type AnyReport = ReportBySource[keyof ReportBySource];

/** The latest report of each source a person has published. */
export type SourceReports = { [S in keyof ReportBySource]?: ReportBySource[S] };
