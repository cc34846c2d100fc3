import { Client, GraphError } from '@microsoft/microsoft-graph-client';
import { MicrosoftAuthError, offlineWords } from './auth-errors';
import type { MicrosoftAccount } from './account';

/**
 * The Graph SDK bound to the account: tokens come from the account (renewed there), and a
 * non-default base URL (sovereign cloud, tests) is a custom host, or the SDK would not attach
 * the token. The SDK's RetryHandler retries 429/503/504 itself, honouring Retry-After.
 */
export function graphClient(account: MicrosoftAccount): Client {
  const base = account.graphBase;
  return Client.initWithMiddleware({
    authProvider: { getAccessToken: () => account.accessToken() },
    baseUrl: base,
    customHosts: new Set([new URL(base).hostname]),
    defaultVersion: 'v1.0',
  });
}

export interface GraphFailure {
  words: string;
  /** Wait at least this long before the next try (Retry-After), if Graph said so. */
  retryAfterMs: number | null;
  /** Nothing to retry until the person signs in again. */
  needsSignIn: boolean;
}

function retryAfter(err: GraphError): number | null {
  const h = err.headers?.get('retry-after');
  if (!h) return null;
  const seconds = Number(h);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const at = Date.parse(h);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : null;
}

/** Any failure of a Graph call, in words, with what it means for the next try. */
export function graphFailure(err: unknown, host: string, permission: string): GraphFailure {
  if (err instanceof MicrosoftAuthError) return { words: err.message, retryAfterMs: null, needsSignIn: err.needsSignIn };
  if (err instanceof GraphError) {
    const wait = retryAfter(err);
    const s = err.statusCode;
    if (s === 429) return { words: `Microsoft Graph asked us to slow down (throttled)${wait !== null ? `; next try in ${Math.ceil(wait / 1000)} s` : ''}.`, retryAfterMs: wait, needsSignIn: false };
    if (s === 401) return { words: 'Microsoft Graph did not accept the sign-in (401). Signing in again will fix it if it persists.', retryAfterMs: null, needsSignIn: false };
    if (s === 403) return { words: `Microsoft Graph refused: ${permission} is not granted to this app (403). An administrator can grant it with the admin-consent link on the options page.`, retryAfterMs: null, needsSignIn: false };
    if (s >= 500) return { words: `Microsoft Graph is having trouble (HTTP ${s}); trying again shortly.`, retryAfterMs: wait, needsSignIn: false };
    if (s === -1 || s === 0) return { words: offlineWords(host), retryAfterMs: null, needsSignIn: false };
    return { words: `Microsoft Graph answered HTTP ${s}: ${err.message}`, retryAfterMs: wait, needsSignIn: false };
  }
  if (err instanceof TypeError) return { words: offlineWords(host), retryAfterMs: null, needsSignIn: false };
  return { words: `Microsoft Graph failed: ${err instanceof Error ? err.message : String(err)}`, retryAfterMs: null, needsSignIn: false };
}
