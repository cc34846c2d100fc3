import type { Server } from 'node:http';
import type { Deps } from '../http/deps';
import type { Router } from '../http/router';
import type { RelayModule } from '../server';

/**
 * The organisation hub (relay-api.md, "Organisation"): the roster, invites, everyone's
 * statuses, the live stream and the board. Mounted by the composition root (start.ts).
 */
export function orgModule(): RelayModule {
  const closers: (() => Promise<void> | void)[] = [];
  return {
    name: 'org',
    mount(_router: Router, _deps: Deps, _server: Server) {},
    async close() {
      await Promise.all(closers.map((c) => c()));
    },
  };
}
