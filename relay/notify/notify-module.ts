import type { Server } from 'node:http';
import type { GraphApp } from '../graph/graph-app';
import { createHttpsTransport } from '../graph/https-transport';
import { authenticateLimited, authoriseAdmin } from '../http/authorise';
import type { Deps } from '../http/deps';
import { HttpError } from '../http/http-error';
import type { Router } from '../http/router';
import type { RelayModule } from '../server';
import type { Store } from '../store/store';
import { channelDrivers } from './channels/channel-drivers';
import { newVapidKeys } from './channels/web-push';
import type { EventContents } from './event-content';
import type { NotifyRuntime } from './notify-runtime';
import { BotConnector } from './teams-bot/bot-connector';
import { connectPerson } from './teams-bot/install-app';
import { channelRoutes, type OwnerOf } from './routes/channel-routes';
import { ruleRoutes } from './routes/rule-routes';
import { watchRoutes } from './routes/watch-routes';
import type { Resolver } from './ssrf/resolver';
import { EdgeRecorder } from './edge-recorder';
import { DeliveryWorker } from './worker';

/** A status edge that could not be written (the store was unavailable) is tried again this much later. */
const EDGE_RETRY_MS = 5000;

/** What a revoked share or a deleted person leaves behind in the notification state goes with them. */
async function forget(store: Store, event: { type: string; userId: string; shareId: string }): Promise<void> {
  const watches = await store.notify.listWatches(event.userId);
  for (const w of watches) if (event.type === 'user-deleted' || w.shareId === event.shareId) await store.notify.deleteWatch(event.userId, w.id);
  if (event.type !== 'user-deleted') return;
  for (const c of await store.notify.listChannels(`user:${event.userId}`)) await store.notify.deleteChannel(`user:${event.userId}`, c.id);
  await store.notify.setRules(`user:${event.userId}`, []);
}

export interface NotifyModuleOptions {
  /** For tests that play DNS. */
  resolver?: Resolver;
  /** The app-only Graph access (the jobs module's), which the Teams bot channel installs its app through. */
  graph?: () => GraphApp | null;
  /** Extra CA (PEM) for the Bot Connector: the tests' local Microsoft fake. */
  microsoftCa?: string;
  /** What other modules' event types say (meeting roulette's suggestion), from the composition root. */
  contents?: EventContents;
}

const BOT_SETUP = 'set TEAMS_APP_ID (the Teams app in the organisation\'s catalog) with GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET or GRAPH_CLIENT_CERTIFICATE (docs/notifications.md, "Teams bot")';

/**
 * Notifications (relay-api.md, "Notifications"): channels and rules per person and for the
 * organisation, watches by share-link holders, the delivery worker and the edge recorder, which
 * the relay's shutdown stops before the store closes.
 */
export function notifyModule(options: NotifyModuleOptions = {}): RelayModule & { wake(): void } {
  let worker: DeliveryWorker | null = null;
  let edges: EdgeRecorder | null = null;
  let unsubscribe: (() => void) | null = null;
  let bot: BotConnector | null = null;
  let closeTransport: (() => void) | null = null;
  return {
    name: 'notify',
    /** Deliver what another module queued now (meeting roulette's suggestions). */
    wake: () => worker?.wake(),
    mount(router: Router, deps: Deps, _server: Server) {
      const { config, store, log } = deps;
      const n = config.notify;
      const policy = { allowPrivate: n.allowPrivateNetworks, allowAddresses: n.allowAddresses, resolver: options.resolver, timeoutMs: n.timeoutMs };
      let vapid: Promise<{ publicKey: string; privateKey: string }> | null = null;
      const vapidKeys = async () => {
        vapid ??= store.notify.vapidKeys(newVapidKeys).catch((err: unknown) => {
          vapid = null;
          throw err;
        });
        return { ...(await vapid), subject: n.vapidSubject };
      };
      if (config.teamsBot && config.graph) {
        // One delivery's deadline, as for every channel (the token request shares it).
        const transport = createHttpsTransport({ ca: options.microsoftCa, timeoutMs: n.timeoutMs });
        closeTransport = () => transport.close();
        bot = new BotConnector(config.graph, config.teamsBot, transport, deps.now);
      }
      const drivers = channelDrivers({ policy, now: deps.now, vapid: vapidKeys, bot: () => bot, store });
      const runtime: NotifyRuntime = {
        policy,
        drivers,
        wake: () => worker?.wake(),
        vapid: vapidKeys,
        connectTeamsBot: async (user) => {
          const graph = options.graph?.() ?? null;
          if (!config.teamsBot || !graph) throw new HttpError('not_configured', `this relay has no Teams bot: ${BOT_SETUP}`, 'type');
          return connectPerson(graph, config.teamsBot, user);
        },
      };
      const me: OwnerOf = async ({ req, ip }) => {
        const user = await authenticateLimited(req, deps, ip);
        return { owner: `user:${user.userId}`, userId: user.userId };
      };
      const org: OwnerOf = async ({ req, ip }) => {
        await authoriseAdmin(req, deps, { ip });
        return { owner: 'org', userId: null };
      };
      channelRoutes(router, deps, runtime, '/api/v1/me/channels', me);
      channelRoutes(router, deps, runtime, '/api/v1/org/channels', org);
      ruleRoutes(router, deps, '/api/v1/me/rules', me, false);
      ruleRoutes(router, deps, '/api/v1/org/rules', org, true);
      watchRoutes(router, deps, runtime);
      unsubscribe = store.subscribe((event) => {
        if (event.type === 'share-revoked' || event.type === 'user-deleted') {
          forget(store, event).catch((err: unknown) => log.error('notify: could not clean up after a share or person went', { error: String(err) }));
        }
      });
      worker = new DeliveryWorker(store, {
        store,
        metrics: deps.metrics,
        drivers,
        contents: options.contents ?? {},
        publicUrl: config.publicUrl,
        maxAttempts: n.maxAttempts,
        retryBaseMs: n.retryBaseMs,
        retryMaxMs: n.retryMaxMs,
        now: deps.now,
        log,
        outage: deps.storeOutage,
        pollMs: n.pollMs,
        leaseMs: n.leaseMs,
        outboxSweepMs: n.outboxSweepMs,
        defaultDebounceSeconds: n.debounceSeconds,
      });
      worker.start();
      // Changes without a report (an expiry, a source going stale) are written when they happen,
      // so they reach the queue as well.
      edges = new EdgeRecorder(store, { log, outage: deps.storeOutage, now: deps.now, retryMs: EDGE_RETRY_MS });
      edges.start();
    },
    async close() {
      unsubscribe?.();
      await edges?.stop();
      await worker?.stop();
      closeTransport?.();
    },
  };
}
