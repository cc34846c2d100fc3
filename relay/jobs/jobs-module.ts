import { createGraphApp, type GraphApp } from '../graph/graph-app';
import type { Deps } from '../http/deps';
import type { Router } from '../http/router';
import type { RelayModule } from '../server';
import { calendarJob } from './calendar/calendar-job';
import type { Exclusive } from './job';
import { jobRoutes } from './job-routes';
import { presenceJob } from './presence/presence-job';
import { rosterJob } from './roster/roster-job';
import type { Job } from './job';
import { JobRunner } from './runner';

export interface JobsModuleOptions {
  /** Extra CA (PEM) for Graph and the identity platform: the tests' local Microsoft fake. */
  graphCa?: string;
  /** This replica's name in leases and runs (default host:pid:random). */
  holder?: string;
  /** Jobs other modules bring (meeting roulette's rounds), run by the same runner. */
  more?: () => Job[];
}

/**
 * The relay's scheduled jobs (relay-api.md, "Jobs"): calendar, presence and roster sync over
 * app-only Graph, one runner per interval across replicas. Without GRAPH_* every job is listed
 * as off. Started when mounted; close() (before the store closes) stops the runs.
 */
export function jobsModule(options: JobsModuleOptions = {}): RelayModule & { runner(): JobRunner | null; graph(): GraphApp | null } {
  let runner: JobRunner | null = null;
  let graph: GraphApp | null = null;
  return {
    name: 'jobs',
    runner: () => runner,
    /** The app's Graph access once mounted (null without GRAPH_*), shared with other modules. */
    graph: () => graph,
    mount(router: Router, deps: Deps) {
      const { config, store, services, now } = deps;
      graph = config.graph ? createGraphApp(config.graph, { ca: options.graphCa, now }) : null;
      const on = (everyMs: number) => (graph ? everyMs : 0);
      const g = graph!;
      const exclusive: Exclusive = (task) => runner?.exclusive('calendar', task) ?? Promise.resolve(false);
      const jobs = [
        calendarJob({ graph: g, store, services, now, everyMs: on(config.jobs.calendarMinutes * 60_000), exclusive }),
        presenceJob({ graph: g, store, services, now, everyMs: on(config.jobs.presenceSeconds * 1000) }),
        rosterJob({ graph: g, store, now, everyMs: on(config.jobs.rosterMinutes * 60_000) }),
        ...(options.more?.() ?? []),
      ];
      runner = new JobRunner({ store, log: deps.log, metrics: deps.metrics, jobs, leaseMs: config.jobs.leaseSeconds * 1000, holder: options.holder, now, outage: deps.storeOutage });
      jobRoutes(router, deps, runner);
      runner.start();
    },
    async close() {
      await runner?.stop();
      graph?.close();
    },
  };
}
