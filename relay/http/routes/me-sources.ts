import type { AnyReport, SourceName } from '../../../core';
import { checkObservedAt, isSourceName, REPORT_SCHEMAS, SOURCE_NAMES } from '../../../core';
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

/** Checks the schemas cannot express: plausible observation time, an expiry after it. */
function checkReport(report: AnyReport, nowMs: number): void {
  const time = checkObservedAt(report.observedAt, nowMs);
  if (!time.ok) throw new HttpError(time.code, time.message, time.field);
  if ('until' in report && report.until && Date.parse(report.until) <= Date.parse(report.observedAt)) {
    throw new HttpError('invalid_field', 'until must be after observedAt', 'until');
  }
}

export function sourceRoutes(router: Router, deps: Deps): void {
  const { store, metrics } = deps;

  router.on('PUT', '/api/v1/me/sources/:source', async ({ req, res, params }) => {
    const user = await authenticateLimited(req, deps);
    const source = sourceParam(params.source);
    const report = validate(REPORT_SCHEMAS[source], await readJsonObject(req)) as AnyReport;
    const now = deps.now();
    checkReport(report, now);
    const result = await store.applyReport(user.userId, source, report, now);
    metrics.statusUpdates.inc({ source, applied: String(result.applied) });
    sendJson(res, 200, { applied: result.applied, status: ownerStatus(user, result.record, now) });
  });

  router.on('DELETE', '/api/v1/me/sources/:source', async ({ req, res, params }) => {
    const user = await authenticateLimited(req, deps);
    const source = sourceParam(params.source);
    const now = deps.now();
    const result = await store.forgetSource(user.userId, source, now);
    sendJson(res, 200, { applied: result.applied, status: ownerStatus(user, result.record, now) });
  });
}
