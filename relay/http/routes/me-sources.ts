import type { AnyReport, CalendarReport, SourceName } from '../../../core';
import { checkObservedAt, isSourceName, LIMITS, REPORT_SCHEMAS, SOURCE_NAMES } from '../../../core';
import { authenticateLimited } from '../authorise';
import { readJsonObject } from '../body';
import type { Deps } from '../deps';
import { HttpError } from '../http-error';
import { sendJson } from '../reply';
import type { Router } from '../router';
import { validate } from '../validate';
import { ownerStatus } from '../views';

function sourceParam(value: string | undefined): SourceName {
  if (value && isSourceName(value)) return value;
  throw new HttpError('unknown_source', `source must be one of ${SOURCE_NAMES.join(', ')}`, 'source');
}

/** No status or meeting is planned further ahead than this; year 9999 is a bug, not a plan. */
const FAR_AHEAD_MS = 366 * 86_400_000;

function checkPlausible(field: string, time: string, nowMs: number): void {
  const t = Date.parse(time);
  if (t < LIMITS.earliestObservedAt || t > nowMs + FAR_AHEAD_MS) {
    throw new HttpError('time_out_of_range', `${field} must be between 2020 and a year from now`, field);
  }
}

/** Checks the schemas cannot express: plausible times, an expiry after the observation. */
function checkReport(source: SourceName, report: AnyReport, nowMs: number): void {
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

export function sourceRoutes(router: Router, deps: Deps): void {
  const { store, metrics } = deps;

  router.on('PUT', '/api/v1/me/sources/:source', async ({ req, res, params }) => {
    const user = await authenticateLimited(req, deps);
    const source = sourceParam(params.source);
    const report = validate(REPORT_SCHEMAS[source], await readJsonObject(req)) as AnyReport;
    const now = deps.now();
    checkReport(source, report, now);
    const result = await store.applyReport(user.userId, source, report, now);
    metrics.statusUpdates.inc({ source, applied: String(result.applied) });
    if (result.history) metrics.statusChanges.inc({ source, availability: result.history.availability });
    sendJson(res, 200, { applied: result.applied, status: ownerStatus(user, result.record, now) });
  });

  router.on('DELETE', '/api/v1/me/sources/:source', async ({ req, res, params }) => {
    const user = await authenticateLimited(req, deps);
    const source = sourceParam(params.source);
    const now = deps.now();
    const result = await store.forgetSource(user.userId, source, now);
    if (result.history) metrics.statusChanges.inc({ source, availability: result.history.availability });
    sendJson(res, 200, { applied: result.applied, status: ownerStatus(user, result.record, now) });
  });
}
