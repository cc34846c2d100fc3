import type { Deps } from '../http/deps';
import type { Router } from '../http/router';
import type { GraphApp } from '../graph/graph-app';
import type { RelayModule } from '../server';
import { reschedulePageRoutes } from './reschedule-page';
import { rouletteRoutes } from './roulette-routes';
import { Roulette } from './rounds';
import { rouletteJob } from './roulette-job';
import type { Job } from '../jobs/job';

/**
 * Meeting roulette (relay-api.md, "Meeting roulette"): settings, rounds, the person's choices
 * and the one-time reschedule page. Uses the jobs module's app-only Graph (one token cache and
 * one concurrency limit for the whole app); without GRAPH_* rounds are planned without slots.
 * `wakeNotify`: the notification worker, which delivers "suggest another time" to the others.
 */
export function rouletteModule(graph: () => GraphApp | null, wakeNotify?: () => void): RelayModule & { roulette(): Roulette | null; jobs(): Job[] } {
  let roulette: Roulette | null = null;
  let nowOf: (() => number) | null = null;
  return {
    name: 'roulette',
    roulette: () => roulette,
    /** The scheduled rounds, for the jobs module's runner (after mount). */
    jobs: () => (roulette ? [rouletteJob(roulette, nowOf!)] : []),
    mount(router: Router, deps: Deps) {
      nowOf = deps.now;
      roulette = new Roulette({ store: deps.store, graph, now: deps.now, publicUrl: deps.config.publicUrl, wakeNotify });
      rouletteRoutes(router, deps, roulette);
      reschedulePageRoutes(router, roulette);
    },
    close() {},
  };
}
