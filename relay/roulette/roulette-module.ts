import type { Deps } from '../http/deps';
import type { Router } from '../http/router';
import type { GraphApp } from '../graph/graph-app';
import type { RelayModule } from '../server';
import { reschedulePageRoutes } from './reschedule-page';
import { rouletteRoutes } from './roulette-routes';
import { Roulette } from './rounds';

/**
 * Meeting roulette (relay-api.md, "Meeting roulette"): settings, rounds, the person's choices
 * and the one-time reschedule page. Uses the jobs module's app-only Graph (one token cache and
 * one concurrency limit for the whole app); without GRAPH_* rounds are planned without slots.
 */
export function rouletteModule(graph: () => GraphApp | null): RelayModule & { roulette(): Roulette | null } {
  let roulette: Roulette | null = null;
  return {
    name: 'roulette',
    roulette: () => roulette,
    mount(router: Router, deps: Deps) {
      roulette = new Roulette({ store: deps.store, graph, now: deps.now, publicUrl: deps.config.publicUrl });
      rouletteRoutes(router, deps, roulette);
      reschedulePageRoutes(router, roulette);
    },
    close() {},
  };
}
