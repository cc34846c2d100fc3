import type { Server } from 'node:http';
import { authenticateLimited, authoriseAdmin } from '../http/authorise';
import type { Deps } from '../http/deps';
import type { Router } from '../http/router';
import type { RelayModule } from '../server';
import type { Store } from '../store/store';
import { newVapidKeys } from './channels/web-push';
import type { NotifyRuntime } from './notify-runtime';
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

/**
 * Notifications (relay-api.md, "Notifications"): channels and rules per person and for the
 * organisation, watches by share-link holders, the delivery worker and the edge recorder, which
 * the relay's shutdown stops before the store closes. `resolver` is for tests that play DNS.
 */
export function notifyModule(options: { resolver?: Resolver } = {}): RelayModule & { wake(): void } {
  let worker: DeliveryWorker | null = null;
  let edges: EdgeRecorder | null = null;
  let unsubscribe: (() => void) | null = null;
  return {
    name: 'notify',
    /** Deliver what another module queued now (meeting roulette's suggestions). */
    wake: () => worker?.wake(),
    mount(router: Router, deps: Deps, _server: Server) {
      const { config, store, log } = deps;
      const n = config.notify;
      const policy = { allowPrivate: n.allowPrivateNetworks, allowAddresses: n.allowAddresses, resolver: options.resolver, timeoutMs: n.timeoutMs };
      let vapid: Promise<{ publicKey: string; privateKey: string }> | null = null;
      const runtime: NotifyRuntime = {
        policy,
        wake: () => worker?.wake(),
        vapid: async () => {
          vapid ??= store.notify.vapidKeys(newVapidKeys).catch((err: unknown) => {
            vapid = null;
            throw err;
          });
          return { ...(await vapid), subject: n.vapidSubject };
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
        policy,
        publicUrl: config.publicUrl,
        vapid: runtime.vapid,
        maxAttempts: n.maxAttempts,
        retryBaseMs: n.retryBaseMs,
        retryMaxMs: n.retryMaxMs,
        now: deps.now,
        log,
        pollMs: n.pollMs,
        leaseMs: n.leaseMs,
        outboxSweepMs: n.outboxSweepMs,
        defaultDebounceSeconds: n.debounceSeconds,
      });
      worker.start();
      // Changes without a report (an expiry, a source going stale) are written when they happen,
      // so they reach the queue as well.
      edges = new EdgeRecorder(store, { log, now: deps.now, retryMs: EDGE_RETRY_MS });
      edges.start();
    },
    async close() {
      unsubscribe?.();
      await edges?.stop();
      await worker?.stop();
    },
  };
}
