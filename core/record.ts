import type { Availability } from './availability';
import { calendarPaused, eventKey, NO_AUTOMATION, pruneOverrides, type Automation } from './automation';
import { resolve } from './resolve';
import { initialLevels, stepLevels, type LevelStates } from './share-levels';
import type { SourceName } from './sources';
import type { Resolution, ResolvedStatus } from './status';
import type { AnyReport, SourceReports } from './wire/reports';

/** What a store keeps for one person: their latest reports and the last resolution it saw. */
export interface StatusRecord {
  reports: SourceReports;
  /** Increases by one with every applied report (the store's own count; views use `levels`). */
  seq: number;
  updatedAt: string;
  last: {
    availability: Availability;
    activity: string;
    inCall: boolean;
    since: string;
    nextChangeAt: string | null;
  };
  /** What each share level has shown, with its own sequence (absent in records stored before). */
  levels?: LevelStates;
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

export function levelsOf(record: StatusRecord): LevelStates {
  return record.levels ?? initialLevels(record.last, record.seq, record.updatedAt);
}

/** Edges a record may cross between two reports; more than this is a bug, not a schedule. */
const MAX_EDGES = 256;

/**
 * The record as of `nowMs` with every edge it crossed since it was stored (an expiry, a report
 * going stale, a calendar event starting) folded in, each a change of its own at its own instant.
 * Pure and deterministic, so every replica and every read derives the same ids without a write.
 */
export function advance(record: StatusRecord, nowMs: number, timeZone?: string): StatusRecord {
  return crossed(record, nowMs, timeZone).record;
}

/** advance(), and the instant of the last edge it crossed (null: none). */
function crossed(record: StatusRecord, nowMs: number, timeZone?: string): { record: StatusRecord; at: string | null } {
  let current = record;
  let at: string | null = null;
  for (let i = 0; i < MAX_EDGES; i++) {
    const edge = current.last.nextChangeAt;
    if (!edge || Date.parse(edge) > nowMs) break;
    const r = resolve(current.reports, { nowMs: Date.parse(edge), timeZone, automation: current.automation });
    current = { ...current, last: lastOf(current, r, edge), levels: stepLevels(levelsOf(current), r, edge, false) };
    at = edge;
  }
  return { record: current, at };
}

/**
 * Store the edges a record crossed by `nowMs` without a report (an expiry, a source going
 * stale): what every read already shows through advance(), written down so that history and
 * notifications follow time passing too. The views do not move (advance of the result is the
 * result; seq and updatedAt stay: no report was applied). Not applied when no edge was crossed,
 * so of several replicas writing the same edge only the first changes anything.
 */
export function crossEdges(record: StatusRecord, nowMs: number, timeZone?: string): ApplyResult {
  const { record: next, at } = crossed(record, nowMs, timeZone);
  if (at === null) return { applied: false, record, history: null };
  const { last } = next;
  const visible = last.availability !== record.last.availability || last.activity !== record.last.activity || last.inCall !== record.last.inCall;
  return { applied: true, record: next, history: visible ? { at, availability: last.availability, activity: last.activity, inCall: last.inCall } : null };
}

function lastOf(record: StatusRecord, r: Resolution, at: string): StatusRecord['last'] {
  const changed = r.availability !== record.last.availability || r.activity !== record.last.activity;
  return { availability: r.availability, activity: r.activity, inCall: r.call?.inCall === true, since: changed ? at : record.last.since, nextChangeAt: r.nextChangeAt };
}

function commit(stored: StatusRecord, reports: SourceReports, nowMs: number, timeZone?: string, automation = stored.automation): ApplyResult {
  const record = advance(stored, nowMs, timeZone);
  const r = resolve(reports, { nowMs, timeZone, automation });
  const now = new Date(nowMs).toISOString();
  const inCall = r.call?.inCall === true;
  // History compares with the stored `last`: an edge already written down (crossEdges) is in it;
  // one nobody wrote (no relay was running) is recorded with this report.
  const changed = r.availability !== stored.last.availability || r.activity !== stored.last.activity;
  const next: StatusRecord = {
    ...(automation ? { automation: pruneOverrides(automation, nowMs) } : {}),
    reports,
    seq: record.seq + 1,
    updatedAt: now,
    last: lastOf(record, r, now),
    levels: stepLevels(levelsOf(record), r, now, true),
  };
  const history =
    changed || inCall !== stored.last.inCall ? { at: now, availability: r.availability, activity: r.activity, inCall } : null;
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

/** The resolution as of `nowMs` and what each level has shown up to then. */
export function currentView(record: StatusRecord, nowMs: number, timeZone?: string, locale?: string): { resolution: Resolution; levels: LevelStates } {
  const advanced = advance(record, nowMs, timeZone);
  return { resolution: resolve(advanced.reports, { nowMs, timeZone, locale, automation: advanced.automation }), levels: levelsOf(advanced) };
}

/** The status as of `nowMs` in full detail (the owner's view): resolution is redone at read time. */
export function viewStatus(record: StatusRecord, nowMs: number, timeZone?: string, locale?: string): ResolvedStatus {
  const { resolution, levels } = currentView(record, nowMs, timeZone, locale);
  const { nextChangeAt: _ignored, ...rest } = resolution;
  const { since, updatedAt, seq } = levels.detailed;
  return { ...rest, since, updatedAt, seq };
}
