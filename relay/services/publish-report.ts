import type { AnyReport, CalendarReport, ResolvedStatus, SourceName } from '../../core';
import { checkObservedAt, LIMITS } from '../../core';
import { HttpError } from '../http/http-error';
import type { RelayMetrics } from '../metrics';
import type { Fence, StatusPrior, Store, UserRecord } from '../store/store';
import { ownerStatus } from '../http/views';

/** No status or meeting is planned further ahead than this; year 9999 is a bug, not a plan. */
const FAR_AHEAD_MS = 366 * 86_400_000;

function checkPlausible(field: string, time: string, nowMs: number): void {
  const t = Date.parse(time);
  if (t < LIMITS.earliestObservedAt || t > nowMs + FAR_AHEAD_MS) {
    throw new HttpError('time_out_of_range', `${field} must be between 2020 and a year from now`, field);
  }
}

/** Checks the schemas cannot express: plausible times, an expiry after the observation. */
export function checkReport(source: SourceName, report: AnyReport, nowMs: number): void {
  const time = checkObservedAt(report.observedAt, nowMs);
  if (!time.ok) throw new HttpError(time.code, time.message, time.field);
  if ('until' in report && report.until) {
    if (Date.parse(report.until) <= Date.parse(report.observedAt)) throw new HttpError('invalid_field', 'until must be after observedAt', 'until');
    checkPlausible('until', report.until, nowMs);
  }
  if (source !== 'calendar') return;
  const { current, next } = report as CalendarReport;
  for (const [key, event] of [['current', current], ['next', next]] as const) {
    if (!event) continue;
    checkPlausible(`${key}.start`, event.start, nowMs);
    checkPlausible(`${key}.end`, event.end, nowMs);
  }
}

export interface PublishOutcome {
  applied: boolean;
  status: ResolvedStatus;
}

/**
 * Publishing a person's report, whoever sends it (the extension through PUT /me/sources, the
 * relay's own sync jobs): check, apply atomically, count, and answer the owner's view.
 */
export class ReportPublisher {
  constructor(
    private readonly store: Store,
    private readonly metrics: RelayMetrics,
    private readonly now: () => number,
  ) {}

  /**
   * `fence`: a job's lease grant; the write is refused (LeaseLostError) once the grant lost its
   * lease. `prior`: the person as read while authenticating (the write starts from it).
   */
  async publish(user: UserRecord, source: SourceName, report: AnyReport, fence?: Fence, prior?: StatusPrior): Promise<PublishOutcome> {
    const now = this.now();
    checkReport(source, report, now);
    const result = await this.store.applyReport(user.userId, source, report, now, fence, prior);
    this.metrics.statusUpdates.inc({ source, applied: String(result.applied) });
    if (result.history) this.metrics.statusChanges.inc({ source, availability: result.history.availability });
    return { applied: result.applied, status: result.view ?? ownerStatus(user, result.record, now) };
  }

  async forget(user: UserRecord, source: SourceName, prior?: StatusPrior): Promise<PublishOutcome> {
    const now = this.now();
    const result = await this.store.forgetSource(user.userId, source, now, prior);
    if (result.history) this.metrics.statusChanges.inc({ source, availability: result.history.availability });
    return { applied: result.applied, status: result.view ?? ownerStatus(user, result.record, now) };
  }
}
