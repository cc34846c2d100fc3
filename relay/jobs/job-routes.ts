import { authoriseAdmin } from '../http/authorise';
import type { Deps } from '../http/deps';
import { HttpError } from '../http/http-error';
import { sendJson } from '../http/reply';
import type { Router } from '../http/router';
import { JOB_NAMES, type JobName } from './job';
import type { JobRunner } from './runner';

/** Where each job is switched on, for the refusal of a run that cannot happen. */
const SWITCHES: Record<JobName, string> = {
  calendar: 'CALENDAR_SYNC_MINUTES',
  presence: 'PRESENCE_SYNC_SECONDS',
  roster: 'ROSTER_SYNC_MINUTES',
  roulette: 'PUT /api/v1/org/roulette {"enabled": true}',
};

function jobName(raw: string | undefined): JobName {
  const name = JOB_NAMES.find((n) => n === raw);
  if (!name) throw new HttpError('not_found', `there is no job "${String(raw).slice(0, 40)}"; jobs are ${JOB_NAMES.join(', ')}`);
  return name;
}

/** `GET /api/v1/org/jobs`, `POST …/{name}/run`, `GET …/{name}/errors` (relay-api.md, "Jobs"); the admin's alone. */
export function jobRoutes(router: Router, deps: Deps, runner: JobRunner): void {
  router.on('GET', '/api/v1/org/jobs', async ({ req, res, ip }) => {
    await authoriseAdmin(req, deps, { ip });
    sendJson(res, 200, { jobs: await runner.status() });
  });

  router.on('POST', '/api/v1/org/jobs/:name/run', async ({ req, res, params, ip }) => {
    await authoriseAdmin(req, deps, { ip });
    const name = jobName(params.name);
    const outcome = await runner.runNow(name);
    if (outcome === 'already_running') throw new HttpError('already_running', `the ${name} job is running now (on this or another replica); wait for it to finish`);
    if (outcome === 'disabled') {
      const why = deps.config.graph ? `set ${SWITCHES[name]}` : `configure Microsoft Graph (GRAPH_TENANT_ID, GRAPH_CLIENT_ID and a secret or certificate) and ${SWITCHES[name]}`;
      throw new HttpError('job_disabled', `the ${name} job is off: ${why}`);
    }
    sendJson(res, 202, { accepted: true });
  });

  router.on('GET', '/api/v1/org/jobs/:name/errors', async ({ req, res, params, ip }) => {
    await authoriseAdmin(req, deps, { ip });
    sendJson(res, 200, await runner.errors(jobName(params.name)));
  });
}
