import type { AnyReport, SourceName } from '../../../core';
import { isSourceName, REPORT_SCHEMAS, SOURCE_NAMES } from '../../../core';
import { authenticateLimited } from '../authorise';
import { readJsonObject } from '../body';
import type { Deps } from '../deps';
import { HttpError } from '../http-error';
import { sendJson } from '../reply';
import type { Router } from '../router';
import { validate } from '../validate';

function sourceParam(value: string | undefined): SourceName {
  if (value && isSourceName(value)) return value;
  throw new HttpError('unknown_source', `source must be one of ${SOURCE_NAMES.join(', ')}`, 'source');
}

export function sourceRoutes(router: Router, deps: Deps): void {
  const { publisher } = deps.services;

  router.on('PUT', '/api/v1/me/sources/:source', async ({ req, res, params }) => {
    const user = await authenticateLimited(req, deps);
    const source = sourceParam(params.source);
    const report = validate(REPORT_SCHEMAS[source], await readJsonObject(req)) as AnyReport;
    sendJson(res, 200, await publisher.publish(user, source, report));
  });

  router.on('DELETE', '/api/v1/me/sources/:source', async ({ req, res, params }) => {
    const user = await authenticateLimited(req, deps);
    sendJson(res, 200, await publisher.forget(user, sourceParam(params.source)));
  });
}
