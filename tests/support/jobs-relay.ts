import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../relay/config';
import type { JobStatus } from '../../relay/jobs/runner';
import { Roster } from '../../relay/org/roster';
import { rosterFromJson } from '../../relay/org/roster-input';
import { createRelay, type Relay } from '../../relay/server';
import { relayModules } from '../../relay/start';
import type { Store } from '../../relay/store/store';
import { FAKE_CLIENT_ID, type MicrosoftFake } from '../fakes/microsoft/server';
import { orgOf } from '../fakes/microsoft/org-model';
import { ADMIN_TOKEN, adminGet } from './org-relay';
import { LIFTED_LIMITS, quietLogger } from './relay-process';
import { until } from './until';

/** The GRAPH_* environment that points a relay at the Microsoft fake with the app's secret. */
export function graphEnv(fake: MicrosoftFake, extra: Record<string, string> = {}): Record<string, string> {
  return {
    GRAPH_TENANT_ID: 'contoso',
    GRAPH_CLIENT_ID: FAKE_CLIENT_ID,
    GRAPH_CLIENT_SECRET: orgOf(fake.state).switches.clientSecret,
    GRAPH_AUTHORITY: fake.origin,
    GRAPH_BASE_URL: fake.origin,
    // Once a day: each job runs once at start, then when a test asks.
    CALENDAR_SYNC_MINUTES: '1440',
    PRESENCE_SYNC_SECONDS: '86400',
    ROSTER_SYNC_MINUTES: '0',
    ...extra,
  };
}

/** The fake's certificate in a file, for relay processes (NODE_EXTRA_CA_CERTS). */
export function caFile(fake: MicrosoftFake): string {
  const path = join(tmpdir(), `ts-ms-fake-${fake.port}.pem`);
  writeFileSync(path, fake.cert);
  return path;
}

/** An in-process organisation relay with its jobs pointed at the fake (trusting its certificate). */
export async function startJobsRelay(store: Store, fake: MicrosoftFake, env: Record<string, string> = {}, holder?: string): Promise<{ url: string; relay: Relay; close(): Promise<void> }> {
  const config = loadConfig({ PORT: '0', PUBLIC_URL: 'https://status.example.test', ...LIFTED_LIMITS, RELAY_ADMIN_TOKEN: ADMIN_TOKEN, ...graphEnv(fake, env) });
  const relay = createRelay({ config, store, log: quietLogger, modules: relayModules({ jobs: { graphCa: fake.cert, holder } }) });
  const url = await relay.listen();
  return { url, relay, close: () => relay.close() };
}

/** Put the fake's directory on the relay's roster (email, name, Entra id, department). */
export async function rosterFromFake(store: Store, fake: MicrosoftFake): Promise<void> {
  const people = [...orgOf(fake.state).people.values()].map((p) => ({ email: p.mail, displayName: p.displayName, entraId: p.id, ...(p.department ? { department: p.department } : {}) }));
  const result = await new Roster(store, Date.now).import(rosterFromJson({ people }), false);
  if (result.rejected.length) throw new Error(`roster rejected ${JSON.stringify(result.rejected.slice(0, 3))}`);
}

export const jobStatus = async (base: string, name: string): Promise<JobStatus> => (await adminGet<{ jobs: JobStatus[] }>(base, '/api/v1/org/jobs')).jobs.find((j) => j.name === name)!;

/** Wait until `name` has finished a run (e.g. the one every job makes when the relay starts). */
export const firstRun = (base: string, name: string, timeoutMs = 60_000) => until(async () => (await jobStatus(base, name)).lastRun, `the first ${name} run`, timeoutMs);

/** Ask for a run and wait until one that started after the ask has finished. */
export async function runJob(base: string, name: string, timeoutMs = 60_000): Promise<NonNullable<JobStatus['lastRun']>> {
  const previous = (await jobStatus(base, name)).lastRun?.startedAt;
  const asked = Date.now();
  const res = await fetch(`${base}/api/v1/org/jobs/${name}/run`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  if (res.status !== 202) throw new Error(`run ${name} answered ${res.status}: ${await res.text()}`);
  return until(async () => {
    const s = await jobStatus(base, name);
    return !s.running && s.lastRun && s.lastRun.startedAt !== previous && Date.parse(s.lastRun.startedAt) >= asked - 1000 ? s.lastRun : null;
  }, `the ${name} run to finish`, timeoutMs);
}
