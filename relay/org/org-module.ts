import type { Server } from 'node:http';
import type { Deps } from '../http/deps';
import type { Router } from '../http/router';
import type { RelayModule } from '../server';
import { inviteRoutes } from './invite-routes';
import { Invites } from './invites';
import { peopleRoutes } from './people-routes';
import { Roster } from './roster';

/**
 * The organisation hub (relay-api.md, "Organisation"): the roster, invites, everyone's
 * statuses, the live stream and the board. Mounted by the composition root (start.ts).
 */
export function orgModule(): RelayModule {
  const closers: (() => Promise<void> | void)[] = [];
  return {
    name: 'org',
    mount(router: Router, deps: Deps, _server: Server) {
      const roster = new Roster(deps.store, deps.now);
      peopleRoutes(router, deps, roster);
      inviteRoutes(router, deps, roster, new Invites(deps.store, deps.config.publicUrl, deps.now));
    },
    async close() {
      await Promise.all(closers.map((c) => c()));
    },
  };
}
