import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../http/deps';
import type { RelayMetrics } from '../metrics';
import { LeaseLostError, type Fence, type Store } from '../store/store';
import { StoreOutageLog } from '../store/outage-log';
import type { Job, JobName, JobOutcome, PersonError } from './job';
import { leaseName, MAX_ERRORS, parseJobState, type JobRun, type JobState } from './job-state';

export interface RunnerOptions {
  store: Store;
  log: Logger;
  metrics: RelayMetrics;
  jobs: Job[];
  /** JOB_LEASE_SECONDS in ms: how long a silent holder keeps a job before another replica takes it. */
  leaseMs: number;
  /** Who this replica is in the lease and in `lastRun.holder`. */
  holder?: string;
  now?: () => number;
  /** How often a run writes its progress line (default 5 s). */
  progressEveryMs?: number;
  /** Store outages met while ticking are logged through it, once per outage (default: one of the runner's own). */
  outage?: StoreOutageLog;
}

/** One job in `GET /api/v1/org/jobs`. */
export interface JobStatus {
  name: JobName;
  enabled: boolean;
  everySeconds: number;
  nextRunAt: string | null;
  running: boolean;
  lastRun: JobRun | null;
}

export type RunRequest = 'accepted' | 'already_running' | 'disabled';

/** Said when the relay stops a run: the next holder does the interval again. */
class Stopping extends Error {
  override name = 'Stopping';
}

/**
 * Runs each job once per interval across all replicas. Every replica ticks; the one that gets
 * the job's lease (store, ≤ 60 s, renewed while it runs) and finds the interval not done yet
 * runs it, writing reports and the job's state fenced by its grant. A holder that dies stops
 * renewing, its lease runs out, and the next tick elsewhere runs the interval again: nobody is
 * missed. A holder that only paused finds its writes refused (LeaseLostError) and stops.
 */
export class JobRunner {
  readonly holder: string;
  private readonly now: () => number;
  private readonly outage: StoreOutageLog;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly runs = new Map<JobName, { controller: AbortController; done: Promise<void> }>();
  private stopped = false;

  constructor(private readonly options: RunnerOptions) {
    this.holder = options.holder ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.now = options.now ?? Date.now;
    this.outage = options.outage ?? new StoreOutageLog(options.log, 'the store');
  }

  /** How often each replica looks for due or orphaned work: a tenth of the lease. */
  get tickMs(): number {
    return Math.max(100, Math.floor(this.options.leaseMs / 10));
  }

  start(): void {
    for (const job of this.options.jobs) {
      if (job.everyMs <= 0) continue;
      const tick = () =>
        void this.tick(job).then(
          // Only a tick that asked the store tells whether it answers (one skipped because a run
          // is under way must not end an outage another loop is seeing).
          (asked) => asked && this.outage.answered(),
          (err: unknown) => {
            if (!this.outage.failed(err, this.tickMs)) this.options.log.error(`job ${job.name}: could not check the schedule`, { error: String(err) });
          },
        );
      this.timers.push(setInterval(tick, Math.min(this.tickMs, job.everyMs)));
      tick();
    }
  }

  /** Stop ticking and end running jobs (their writes in flight finish); resolves when all are done. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    for (const job of this.options.jobs) job.stop?.();
    for (const { controller } of this.runs.values()) controller.abort(new Stopping('the relay is stopping'));
    await Promise.all([...this.runs.values()].map((r) => r.done));
  }

  /** Run `task` under `name`'s lease when it is free (no run anywhere), fenced like a run. */
  async exclusive(name: JobName, task: (ctx: { fence: Fence; signal: AbortSignal }) => Promise<void>): Promise<boolean> {
    if (this.stopped || this.runs.has(name)) return false;
    const { store, leaseMs } = this.options;
    const lease = leaseName(name);
    // A holder name of its own: it must never extend, nor release, a run's lease (even this replica's).
    const holder = `${this.holder}:between-runs`;
    const token = await store.acquireLease(lease, holder, leaseMs);
    if (token === null) return false;
    // Never hold the lease past its term: a task that hangs gives it up when the lease would end.
    const signal = AbortSignal.timeout(leaseMs);
    try {
      await Promise.race([task({ fence: { lease, token }, signal }), new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true }))]);
      return true;
    } finally {
      await store.releaseLease(lease, holder).catch(() => {});
    }
  }

  async runNow(name: JobName): Promise<RunRequest> {
    const job = this.job(name);
    if (!job || job.everyMs <= 0) return 'disabled';
    if (this.runs.has(name) || (await this.options.store.readLease(leaseName(name)))) return 'already_running';
    const token = await this.options.store.acquireLease(leaseName(name), this.holder, this.options.leaseMs);
    if (token === null) return 'already_running';
    this.execute(job, token);
    return 'accepted';
  }

  async status(): Promise<JobStatus[]> {
    const { store } = this.options;
    return Promise.all(
      this.options.jobs.map(async (job) => {
        const [state, lease] = await Promise.all([store.getJobState(leaseName(job.name)).then(parseJobState), store.readLease(leaseName(job.name))]);
        const enabled = job.everyMs > 0;
        const slot = Math.floor(this.now() / job.everyMs);
        const next = !enabled ? null : state && state.slot >= slot ? (slot + 1) * job.everyMs : this.now();
        return { name: job.name, enabled, everySeconds: Math.round(job.everyMs / 1000), nextRunAt: next === null ? null : new Date(next).toISOString(), running: lease !== null, lastRun: state?.lastRun ?? null };
      }),
    );
  }

  async errors(name: JobName): Promise<PersonError[]> {
    return parseJobState(await this.options.store.getJobState(leaseName(name)))?.errors ?? [];
  }

  private job(name: JobName): Job | undefined {
    return this.options.jobs.find((j) => j.name === name);
  }

  /** Whether it asked the store anything. */
  private async tick(job: Job): Promise<boolean> {
    if (this.stopped || this.runs.has(job.name)) return false;
    const { store } = this.options;
    const lease = leaseName(job.name);
    const slot = Math.floor(this.now() / job.everyMs);
    const done = (s: JobState | null) => s !== null && s.slot >= slot;
    if (done(parseJobState(await store.getJobState(lease)))) return true;
    const token = await store.acquireLease(lease, this.holder, this.options.leaseMs);
    if (token === null) return true;
    // Another replica may have finished this interval between the read and the grant.
    if (this.stopped || done(parseJobState(await store.getJobState(lease)))) {
      await store.releaseLease(lease, this.holder);
      return true;
    }
    this.execute(job, token);
    return true;
  }

  private execute(job: Job, token: number): void {
    const controller = new AbortController();
    const done = this.perform(job, { lease: leaseName(job.name), token }, controller).finally(() => this.runs.delete(job.name));
    this.runs.set(job.name, { controller, done });
  }

  private async perform(job: Job, fence: Fence, controller: AbortController): Promise<void> {
    const { store, log, metrics, leaseMs } = this.options;
    const started = this.now();
    const counts = { synced: 0, throttled: 0, errors: 0 };
    const errors: PersonError[] = [];
    let lastProgress = started;
    const renew = setInterval(() => {
      store.acquireLease(fence.lease, this.holder, leaseMs).then(
        (t) => t !== fence.token && controller.abort(new LeaseLostError(fence.lease)),
        // The store is down: keep the run going; if the lease runs out meanwhile, the fence refuses our writes.
        () => {},
      );
    }, Math.floor(leaseMs / 4));
    let outcome: JobOutcome = { people: 0, requests: 0 };
    let failure: string | undefined;
    let idle = false;
    try {
      idle = (await job.idle?.()) ?? false;
      if (!idle) log.info(`job ${job.name}: started`, { job: job.name, holder: this.holder, fence: fence.token });
      if (!idle) outcome = await job.run({
        fence,
        signal: controller.signal,
        synced: (n = 1) => void (counts.synced += n),
        throttled: (n = 1) => void (counts.throttled += n),
        personError: (e) => {
          counts.errors++;
          if (errors.length < MAX_ERRORS) errors.push(e);
        },
        progress: (doneCount, total) => {
          if (this.now() - lastProgress < (this.options.progressEveryMs ?? 5000)) return;
          lastProgress = this.now();
          log.info(`job ${job.name}: ${doneCount}/${total} people, ${counts.throttled} throttled retries, ${counts.errors} errors`, { job: job.name, done: doneCount, total });
        },
      });
      if (controller.signal.aborted) throw controller.signal.reason;
    } catch (err) {
      const reason = controller.signal.aborted ? (controller.signal.reason as unknown) : err;
      if (reason instanceof LeaseLostError || reason instanceof Stopping) {
        metrics.jobs.runs.inc({ job_name: job.name, outcome: reason instanceof Stopping ? 'stopped' : 'lost' });
        log.info(`job ${job.name}: ${reason instanceof Stopping ? 'stopped with the relay' : 'lost its lease to another replica'}; the interval runs again elsewhere`, { job: job.name });
        clearInterval(renew);
        // Stopping: hand the interval over now rather than when the lease runs out.
        if (reason instanceof Stopping) await store.releaseLease(fence.lease, this.holder).catch(() => {});
        return;
      }
      failure = err instanceof Error ? err.message : String(err);
    }
    clearInterval(renew);
    const finished = this.now();
    const run: JobRun = { startedAt: new Date(started).toISOString(), finishedAt: new Date(finished).toISOString(), people: outcome.people, requests: outcome.requests, throttled: counts.throttled, errors: counts.errors, durationMs: finished - started, holder: this.holder, ...(failure ? { failure } : {}) };
    try {
      const state: JobState = { slot: Math.floor(started / job.everyMs), lastRun: run, errors };
      await store.setJobState(fence.lease, JSON.stringify(state), fence);
      await store.releaseLease(fence.lease, this.holder);
    } catch (err) {
      log.error(`job ${job.name}: could not record the run`, { job: job.name, error: String(err) });
    }
    metrics.jobs.runs.inc({ job_name: job.name, outcome: failure ? 'failed' : 'ok' });
    metrics.jobs.duration.observe({ job_name: job.name }, run.durationMs / 1000);
    metrics.jobs.peopleSynced.inc({ job_name: job.name }, counts.synced);
    metrics.jobs.throttledRetries.inc({ job_name: job.name }, counts.throttled);
    metrics.jobs.requests.inc({ job_name: job.name }, outcome.requests);
    metrics.jobs.personErrors.inc({ job_name: job.name }, counts.errors);
    if (idle && !failure) return;
    const summary = `job ${job.name}: ${failure ? `failed (${failure})` : 'done'} — ${job.summary({ ...outcome, ...counts })} in ${(run.durationMs / 1000).toFixed(1)} s`;
    (failure ? log.error : log.info).call(log, summary, { job: job.name, ...run });
  }
}
