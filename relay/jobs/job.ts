import type { Fence } from '../store/store';

export const JOB_NAMES = ['calendar', 'presence', 'roster', 'roulette'] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** One person a run could not sync, in words (`GET /api/v1/org/jobs/{name}/errors`). */
export interface PersonError {
  email: string;
  code: string;
  message: string;
}

/** What a run hands its job: the lease grant to fence writes with, a stop signal, and where to count. */
export interface JobRunContext {
  fence: Fence;
  /** Aborted when the relay stops or the lease is lost: stop sending, stop writing. */
  signal: AbortSignal;
  /** A person brought up to date. */
  synced(count?: number): void;
  /** A person this run could not sync; the run goes on with everyone else. */
  personError(error: PersonError): void;
  /** How far the run is (logged as one progress line every few seconds). */
  progress(done: number, total: number): void;
  /** A Graph request retried after its own Retry-After. */
  throttled(count?: number): void;
}

/** What a run reports besides its per-person counts. */
export interface JobOutcome {
  /** People the run looked at. */
  people: number;
  /** HTTP requests it sent to Graph (a $batch counts once). */
  requests: number;
}

/** What a finished run counted, for its summary line. */
export interface RunCounts extends JobOutcome {
  synced: number;
  throttled: number;
  errors: number;
}

/** A scheduled piece of work that one replica at a time does, every `everyMs` (a folder under relay/jobs). */
export interface Job {
  name: JobName;
  /** 0: off. */
  everyMs: number;
  run(ctx: JobRunContext): Promise<JobOutcome>;
  /** A run's counts in the job's own words, for the `job <name>: done — …` line. */
  summary(counts: RunCounts): string;
  /**
   * Whether a run now would have nothing to do (meeting roulette: off, or no round due). Such a run is recorded for its interval but not logged: a check every few minutes that
   * finds nothing would otherwise print two lines each time.
   */
  idle?(): Promise<boolean>;
  /** Work the job left scheduled between runs (timers), ended when the relay stops. */
  stop?(): void;
}

/**
 * Work between runs that must not overlap a run and must be fenced like one (e.g. writing a
 * calendar edge): runs `task` under the job's lease if nobody holds it; false when somebody does.
 */
export type Exclusive = (task: (ctx: Pick<JobRunContext, 'fence' | 'signal'>) => Promise<void>) => Promise<boolean>;
