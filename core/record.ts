import type { Availability } from './availability';
import { calendarPaused, eventKey, NO_AUTOMATION, pruneOverrides, type Automation } from './automation';
import { resolve } from './resolve';
import type { SourceName } from './sources';
import type { ResolvedStatus } from './status';
import type { AnyReport, SourceReports } from './wire/reports';

/** What a store keeps for one person: their latest reports and the last resolution it saw. */
export interface StatusRecord {
  reports: SourceReports;
  /** Increases by one with every applied change; the ETag and SSE id. */
  seq: number;
  updatedAt: string;
  last: {
    availability: Availability;
    activity: string;
    inCall: boolean;
    since: string;
    nextChangeAt: string | null;
  };
  /** The person's controls over the calendar; absent until they use one. */
  automation?: Automation;
}

export interface HistoryEntry {
  at: string;
  availability: Availability;
  activity: string;
  inCall: boolean;
}

export interface ApplyResult {
  applied: boolean;
  record: StatusRecord;
  /** Present when the change altered availability, activity or call state. */
  history: HistoryEntry | null;
}

export function emptyRecord(nowMs: number): StatusRecord {
  const now = new Date(nowMs).toISOString();
  return {
    reports: {},
    seq: 0,
    updatedAt: now,
    last: { availability: 'Unknown', activity: 'Unknown', inCall: false, since: now, nextChangeAt: null },
  };
}

/** Times arrive with any zone; keep them in one form so comparisons and output are uniform. */
function normalise<R extends AnyReport>(report: R): R {
  const toUtc = (iso: string) => new Date(iso).toISOString();
  const out: Record<string, unknown> = { ...report, observedAt: toUtc(report.observedAt) };
  if ('until' in report && report.until) out.until = toUtc(report.until);
  for (const key of ['current', 'next'] as const) {
    const e = (report as Record<string, unknown>)[key] as { start: string; end: string } | null | undefined;
    if (e) out[key] = { ...e, start: toUtc(e.start), end: toUtc(e.end) };
  }
  return out as R;
}

function commit(record: StatusRecord, reports: SourceReports, nowMs: number, timeZone?: string, automation = record.automation): ApplyResult {
  const r = resolve(reports, { nowMs, timeZone, automation });
  const now = new Date(nowMs).toISOString();
  const inCall = r.call?.inCall === true;
  const changed = r.availability !== record.last.availability || r.activity !== record.last.activity;
  const next: StatusRecord = {
    ...(automation ? { automation: pruneOverrides(automation, nowMs) } : {}),
    reports,
    seq: record.seq + 1,
    updatedAt: now,
    last: {
      availability: r.availability,
      activity: r.activity,
      inCall,
      since: changed ? now : record.last.since,
      nextChangeAt: r.nextChangeAt,
    },
  };
  const history =
    changed || inCall !== record.last.inCall ? { at: now, availability: r.availability, activity: r.activity, inCall } : null;
  return { applied: true, record: next, history };
}

/**
 * Apply one source's report. A report not newer than the stored one for that source is not
 * applied: replays from an outbox and out-of-order deliveries are harmless.
 */
export function applyReport(
  record: StatusRecord,
  source: SourceName,
  report: AnyReport,
  nowMs: number,
  timeZone?: string,
): ApplyResult {
  const incoming = normalise(report);
  const stored = record.reports[source];
  if (stored && Date.parse(stored.observedAt) >= Date.parse(incoming.observedAt)) {
    return { applied: false, record, history: null };
  }
  return commit(record, { ...record.reports, [source]: incoming }, nowMs, timeZone, overriding(record, source, nowMs));
}

/** Forget one source's report (e.g. clearing a manual status). */
export function forgetSource(record: StatusRecord, source: SourceName, nowMs: number, timeZone?: string): ApplyResult {
  if (!record.reports[source]) return { applied: false, record, history: null };
  const reports = { ...record.reports };
  delete reports[source];
  return commit(record, reports, nowMs, timeZone, overriding(record, source, nowMs));
}

/**
 * A manual status set or cleared during a calendar block overrides that block: the person
 * decided, so the next sync reporting the same block must not put it back.
 */
function overriding(record: StatusRecord, source: SourceName, nowMs: number): Automation | undefined {
  const a = record.automation;
  const cal = record.reports.calendar;
  if (source !== 'manual' || !cal || calendarPaused(a, nowMs)) return a;
  const block = [cal.current, cal.next].find((e) => e && e.showAs !== 'free' && Date.parse(e.start) <= nowMs && nowMs < Date.parse(e.end));
  if (!block) return a;
  const base = a ?? NO_AUTOMATION;
  return base.overridden.includes(eventKey(block)) ? base : { ...base, overridden: [...base.overridden, eventKey(block)] };
}

/** `PUT /api/v1/me/automation`: change the person's controls; always a new record (seq + 1). */
export function setAutomation(record: StatusRecord, change: { calendarPausedUntil?: string | null }, nowMs: number, timeZone?: string): ApplyResult {
  const base = record.automation ?? NO_AUTOMATION;
  const paused = change.calendarPausedUntil === undefined ? base.calendarPausedUntil : change.calendarPausedUntil && new Date(change.calendarPausedUntil).toISOString();
  return commit(record, record.reports, nowMs, timeZone, { ...base, calendarPausedUntil: paused });
}

/** The status as of `nowMs`: resolution is redone at read time so expiry and staleness are current. */
export function viewStatus(record: StatusRecord, nowMs: number, timeZone?: string): ResolvedStatus {
  const r = resolve(record.reports, { nowMs, timeZone, automation: record.automation });
  const same = r.availability === record.last.availability && r.activity === record.last.activity;
  const changedAt = record.last.nextChangeAt && Date.parse(record.last.nextChangeAt) <= nowMs ? record.last.nextChangeAt : record.updatedAt;
  const { nextChangeAt: _ignored, ...rest } = r;
  return { ...rest, since: same ? record.last.since : changedAt, updatedAt: record.updatedAt, seq: record.seq };
}
