import type { Server } from 'node:http';
import type { Deps } from '../http/deps';
import type { Router } from '../http/router';
import type { RelayModule } from '../server';
import { boardRoutes } from './board-page';
import { inviteRoutes } from './invite-routes';
import { Invites } from './invites';
import { peopleRoutes } from './people-routes';
import { OrgStreamHub, STREAM_PATH } from './stream-hub';
import { authoriseAdmin } from '../http/authorise';
import { HttpError } from '../http/http-error';
import { enforceLimit } from '../http/rate-limit';
import { Roster } from './roster';

/**
 * The organisation hub (relay-api.md, "Organisation"): the roster, invites, everyone's
 * statuses, the live stream and the board. Mounted by the composition root (start.ts).
 */
export function orgModule(): RelayModule {
  const closers: (() => Promise<void> | void)[] = [];
  return {
    name: 'org',
    mount(router: Router, deps: Deps, server: Server) {
      const roster = new Roster(deps.store, deps.now);
      peopleRoutes(router, deps, roster);
      boardRoutes(router);
      inviteRoutes(router, deps, roster, new Invites(deps.store, deps.config.publicUrl, deps.now));
      const hub = new OrgStreamHub(deps, async (req, url, ip) => {
        // Upgrades bypass the router, so the per-address limit is applied here too.
        await enforceLimit(deps.store, `ip:${ip}`, deps.config.rateLimit.perIp, deps.config.rateLimit.windowMs);
        await authoriseAdmin(req, deps, { ip, url });
      });
      hub.attach(server);
      closers.push(() => hub.close());
      router.on('GET', STREAM_PATH, async ({ req, url, ip }) => {
        await authoriseAdmin(req, deps, { ip, url });
        throw new HttpError('upgrade_required', 'this is a WebSocket: connect with Upgrade: websocket', undefined, { Upgrade: 'websocket' });
      });
    },
    async close() {
      await Promise.all(closers.map((c) => c()));
    },
  };
}
