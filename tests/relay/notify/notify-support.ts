import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../relay/config';
import { notifyModule } from '../../../relay/notify/notify-module';
import type { Resolver } from '../../../relay/notify/ssrf/resolver';
import { createRelay, type Relay } from '../../../relay/server';
import { EmbeddedStore } from '../../../relay/store/embedded-store';
import type { Store } from '../../../relay/store/store';
import { LIFTED_LIMITS, quietLogger, register } from '../../support/relay-process';

export interface NotifyRelay {
  url: string;
  relay: Relay;
  store: Store;
  close(): Promise<void>;
}

/** An in-process relay with the notification module over `store` (an embedded one of its own by default). */
export async function startNotifyRelay(env: Record<string, string> = {}, options: { store?: Store; resolver?: Resolver } = {}): Promise<NotifyRelay> {
  const dir = options.store ? null : mkdtempSync(join(tmpdir(), 'ts-notify-'));
  const store = options.store ?? (await EmbeddedStore.open({ dataDir: dir!, historyDays: 30, log: () => {} }));
  const config = loadConfig({
    PORT: '0',
    PUBLIC_URL: 'https://status.example.test',
    ...LIFTED_LIMITS,
    RELAY_ADMIN_TOKEN: ADMIN,
    NOTIFY_ALLOW_PRIVATE_NETWORKS: 'true',
    NOTIFY_DEBOUNCE_SECONDS: '0',
    NOTIFY_RETRY_BASE_MS: '50',
    NOTIFY_POLL_MS: '50',
    ...env,
  });
  const relay = createRelay({ config, store, log: quietLogger, modules: [notifyModule({ resolver: options.resolver })] });
  const url = await relay.listen();
  return {
    url,
    relay,
    store,
    async close() {
      await relay.close();
      if (dir) {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export const ADMIN = 'admin-token-for-notify-tests-0123456789';

export async function call(base: string, method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; json: Record<string, unknown> & { items?: Record<string, unknown>[] } }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** A registered person and a manual report helper. */
export async function person(base: string, displayName = 'Ada') {
  const me = await register(base, { displayName });
  // Reports a second apart from ten seconds ago: a teams-web report stays fresh (90 s) for the
  // whole test, and some 300 of them fit before the relay's future bound (5 minutes).
  let t = Date.now() - 10_000;
  return {
    ...me,
    manual: (availability: string, message?: string) => call(base, 'PUT', '/api/v1/me/sources/manual', me.token, { observedAt: new Date((t += 1000)).toISOString(), availability, ...(message ? { message } : {}) }),
    call: (inCall: boolean) => call(base, 'PUT', '/api/v1/me/sources/teams-web', me.token, { observedAt: new Date((t += 1000)).toISOString(), call: inCall ? { inCall: true, muted: false } : null }),
  };
}
