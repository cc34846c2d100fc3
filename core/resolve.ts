import { calendarPaused, eventKey, type Automation } from './automation';
import { availabilityFromGraph, availabilityLabel, type Availability } from './availability';
import { activityLabel } from './labels';
import { FRESHNESS, freshnessOf, type SourceName } from './sources';
import type { CalendarSummary, Resolution } from './status';
import { shortTime } from './time-format';
import type { CalendarEvent, CalendarReport, SourceReports, TeamsReport } from './wire/reports';

export interface ResolveOptions {
  nowMs: number;
  /** IANA zone for the times inside labels. */
  timeZone?: string;
  /** The person's controls over the calendar (paused, overridden blocks). */
  automation?: Automation;
}

type Decision = Pick<Resolution, 'availability' | 'activity' | 'label'> & { source: SourceName };

/** A tier looks at the reports it may use and either decides or passes. */
type Tier = (usable: SourceReports, opts: ResolveOptions) => Decision | null;

const TEAMS: readonly ('teams-local' | 'teams-web')[] = ['teams-local', 'teams-web'];

function latestTeams(usable: SourceReports, pick: (r: TeamsReport) => boolean) {
  let best: { source: 'teams-local' | 'teams-web'; report: TeamsReport } | null = null;
  for (const source of TEAMS) {
    const report = usable[source];
    if (report && pick(report) && (!best || Date.parse(report.observedAt) > Date.parse(best.report.observedAt))) {
      best = { source, report };
    }
  }
  return best;
}

/** The block under way, unless the person overrode it (then the calendar is as if free). */
function currentEvent(cal: CalendarReport, nowMs: number, automation?: Automation): CalendarEvent | null {
  for (const e of [cal.current, cal.next]) {
    if (e && Date.parse(e.start) <= nowMs && nowMs < Date.parse(e.end)) return automation?.overridden.includes(eventKey(e)) ? null : e;
  }
  return null;
}

const manualTier: Tier = (usable, { nowMs, timeZone }) => {
  const m = usable.manual;
  if (!m) return null;
  const activity = m.activity ?? m.availability;
  const base = activityLabel(m.availability, activity);
  const label = m.until ? `${base} until ${shortTime(m.until, nowMs, timeZone)}` : base;
  return { availability: m.availability, activity, label, source: 'manual' };
};

const liveCallTier: Tier = (usable) => {
  const best = latestTeams(usable, (r) => r.call?.inCall === true);
  if (!best) return null;
  const presenting = best.report.call?.sharing === true;
  return {
    availability: 'Busy',
    activity: presenting ? 'Presenting' : 'InACall',
    label: presenting ? 'Presenting' : 'In a call',
    source: best.source,
  };
};

const presenceTier: Tier = (usable) => {
  const g = usable.graph;
  if (g) {
    const availability = availabilityFromGraph(g.availability);
    return { availability, activity: g.activity, label: activityLabel(availability, g.activity), source: 'graph' };
  }
  const t = latestTeams(usable, (r) => r.presence !== undefined);
  if (!t?.report.presence) return null;
  const availability = availabilityFromGraph(t.report.presence.availability);
  const activity = t.report.presence.activity;
  return { availability, activity, label: activityLabel(availability, activity), source: t.source };
};

const CALENDAR_BLOCKS: Record<CalendarEvent['showAs'], { availability: Availability; activity: string; label: string }> = {
  busy: { availability: 'Busy', activity: 'InAMeeting', label: 'Busy' },
  tentative: { availability: 'Busy', activity: 'Tentative', label: 'Tentative' },
  oof: { availability: 'Away', activity: 'OutOfOffice', label: 'Out of office' },
  workingElsewhere: { availability: 'Available', activity: 'WorkingElsewhere', label: 'Working elsewhere' },
  free: { availability: 'Available', activity: 'Available', label: 'Free' },
};

function calendarDecision(usable: SourceReports, { nowMs, timeZone, automation }: ResolveOptions, wantFree: boolean): Decision | null {
  const cal = usable.calendar;
  if (!cal) return null;
  const now = currentEvent(cal, nowMs, automation);
  const free = !now || now.showAs === 'free';
  if (free !== wantFree) return null;
  const block = CALENDAR_BLOCKS[now?.showAs ?? 'free'];
  const until = now && now.showAs !== 'free' && now.showAs !== 'workingElsewhere' ? now.end : null;
  const label = until ? `${block.label} until ${shortTime(until, nowMs, timeZone)}` : block.label;
  return { availability: block.availability, activity: block.activity, label, source: 'calendar' };
}

/** A block under way (busy, tentative, out of office, working elsewhere). */
const calendarTier: Tier = (usable, opts) => calendarDecision(usable, opts, false);

/**
 * Free time is the calendar's weakest word: any live sensor says more, so when a meeting ends
 * the status returns to what the other sources say, and only with nothing else is it "Free".
 */
const calendarFreeTier: Tier = (usable, opts) => calendarDecision(usable, opts, true);

/** A live Teams sensor that sees no call: the person is at their desk and not in a call. */
const notInCallTier: Tier = (usable) => {
  const t = latestTeams(usable, (r) => r.call === null || r.call.inCall === false);
  if (!t) return null;
  return { availability: 'Available', activity: 'Available', label: 'Not in a call', source: t.source };
};

/** Precedence: manual, then a live call, then presence, then a calendar block, then "not in a call", then free time. */
const TIERS: readonly Tier[] = [manualTier, liveCallTier, presenceTier, calendarTier, notInCallTier, calendarFreeTier];

function filterReports(reports: SourceReports, nowMs: number, allowStale: boolean, automation?: Automation): SourceReports {
  const out: SourceReports = {};
  for (const [source, report] of Object.entries(reports) as [SourceName, NonNullable<SourceReports[SourceName]>][]) {
    if (source === 'manual' && 'until' in report && report.until && Date.parse(report.until) <= nowMs) continue;
    // "Take the wheel": until then the calendar neither decides nor shows.
    if (source === 'calendar' && calendarPaused(automation, nowMs)) continue;
    const state = freshnessOf(source, Date.parse(report.observedAt), nowMs);
    if (state === 'fresh' || (allowStale && state === 'stale')) (out as Record<string, unknown>)[source] = report;
  }
  return out;
}

function calendarSummary(cal: CalendarReport | undefined, nowMs: number, automation?: Automation): CalendarSummary | null {
  if (!cal) return null;
  const now = currentEvent(cal, nowMs, automation);
  const busyUntil = now && now.showAs !== 'free' && now.showAs !== 'workingElsewhere' ? now.end : null;
  const upcoming = [cal.current, cal.next].find((e) => e && Date.parse(e.start) > nowMs) ?? null;
  return { busyUntil, next: upcoming ? { start: upcoming.start, end: upcoming.end, showAs: upcoming.showAs } : null };
}

/** Every future instant at which some report crosses a boundary (fresh→stale→expired, event edges). */
function nextChange(reports: SourceReports, nowMs: number, automation?: Automation): string | null {
  const instants: number[] = [];
  if (automation?.calendarPausedUntil) instants.push(Date.parse(automation.calendarPausedUntil));
  for (const [source, report] of Object.entries(reports) as [SourceName, NonNullable<SourceReports[SourceName]>][]) {
    const at = Date.parse(report.observedAt);
    instants.push(at + FRESHNESS[source].freshMs + 1, at + FRESHNESS[source].expireMs + 1);
  }
  if (reports.manual?.until) instants.push(Date.parse(reports.manual.until));
  for (const e of [reports.calendar?.current, reports.calendar?.next]) {
    if (e) instants.push(Date.parse(e.start), Date.parse(e.end));
  }
  const future = instants.filter((t) => Number.isFinite(t) && t > nowMs);
  return future.length ? new Date(Math.min(...future)).toISOString() : null;
}

function firstDecision(usable: SourceReports, opts: ResolveOptions): Decision | null {
  for (const tier of TIERS) {
    const decision = tier(usable, opts);
    if (decision) return decision;
  }
  return null;
}

/**
 * Resolve a person's reports into one status. Fresh reports are tried first, tier by tier; only
 * when no fresh report decides are stale ones tried, and the result is then marked stale. When
 * nothing is usable the answer is Unknown: never a confident guess.
 */
export function resolve(reports: SourceReports, opts: ResolveOptions): Resolution {
  const { nowMs } = opts;
  let decision: Decision | null = null;
  let used: SourceReports = {};
  for (const allowStale of [false, true]) {
    used = filterReports(reports, nowMs, allowStale, opts.automation);
    decision = firstDecision(used, opts);
    if (decision) break;
  }
  const deciding = decision ? used[decision.source] : undefined;
  const stale = !!decision && !!deciding && freshnessOf(decision.source, Date.parse(deciding.observedAt), nowMs) !== 'fresh';
  const final: Pick<Resolution, 'availability' | 'activity' | 'label' | 'source'> = decision ?? {
    availability: 'Unknown',
    activity: 'Unknown',
    label: availabilityLabel('Unknown'),
    source: null,
  };
  // The call is a fact worth showing even when another source decided the status (a manual
  // "Do not disturb" during a call still has a muted microphone).
  const teamsCall = latestTeams(used, (r) => r.call?.inCall === true)?.report.call ?? null;
  return {
    ...final,
    stale,
    call: teamsCall,
    calendar: calendarSummary(used.calendar, nowMs, opts.automation),
    message: used.manual?.message ?? used.graph?.statusMessage ?? null,
    nextChangeAt: nextChange(reports, nowMs, opts.automation),
  };
}
