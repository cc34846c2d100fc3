import { loadConfig } from '../../relay/config';
import { createRelay, type Relay } from '../../relay/server';
import { relayModules } from '../../relay/start';
import type { Store } from '../../relay/store/store';
import { LIFTED_LIMITS, quietLogger } from './relay-process';

/** The admin token every organisation test relay runs with (32+ characters, as the relay demands). */
export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdefghijkl';

export const adminHeaders = (extra: Record<string, string> = {}) => ({ authorization: `Bearer ${ADMIN_TOKEN}`, ...extra });

/** An in-process relay with the modules the real one mounts (the organisation hub), over a given store. */
export async function startOrgRelay(store: Store, env: Record<string, string> = {}, now?: () => number): Promise<{ url: string; relay: Relay; close(): Promise<void> }> {
  const config = loadConfig({
    PORT: '0',
    PUBLIC_URL: 'https://status.example.test',
    ...LIFTED_LIMITS,
    RELAY_ADMIN_TOKEN: ADMIN_TOKEN,
    ...env,
  });
  const relay = createRelay({ config, store, log: quietLogger, modules: relayModules(), now });
  const url = await relay.listen();
  return { url, relay, close: () => relay.close() };
}

/** PUT a roster body as the admin. */
export function putRoster(base: string, body: string, type: 'text/csv' | 'application/json', query = ''): Promise<Response> {
  return fetch(`${base}/api/v1/org/people${query}`, { method: 'PUT', headers: adminHeaders({ 'content-type': type }), body });
}

/** GET an admin JSON route and return its body (throws on a non-200). */
export async function adminGet<T>(base: string, path: string): Promise<T> {
  const res = await fetch(`${base}${path}`, { headers: adminHeaders() });
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}
