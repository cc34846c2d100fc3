import type { JobName, PersonError } from './job';

/** A finished run, as `GET /api/v1/org/jobs` shows it (relay-api.md, "Jobs"). */
export interface JobRun {
  startedAt: string;
  finishedAt: string;
  people: number;
  requests: number;
  throttled: number;
  errors: number;
  durationMs: number;
  holder: string;
  /** Set when the run as a whole failed (no credentials, Graph unreachable), in words. */
  failure?: string;
}

/** A job's state shared by every replica through the store, written fenced by the run's lease grant. */
export interface JobState {
  /** The last interval (floor(time / every)) a run finished in: each interval runs once. */
  slot: number;
  lastRun: JobRun | null;
  /** The last run's per-person errors (the first MAX_ERRORS). */
  errors: PersonError[];
}

/** Errors kept per run: enough to act on, bounded for the store. */
export const MAX_ERRORS = 1000;

export const leaseName = (job: JobName) => `job:${job}`;

export function parseJobState(json: string | null): JobState | null {
  if (!json) return null;
  try {
    return JSON.parse(json) as JobState;
  } catch {
    return null;
  }
}
