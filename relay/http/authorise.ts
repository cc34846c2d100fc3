import type { IncomingMessage } from 'node:http';
import { authenticate } from '../auth/authenticate';
import { bearer, sameSecret } from '../auth/secrets';
import type { UserRecord } from '../store/store';
import type { Deps } from './deps';
import { HttpError } from './http-error';
import { enforceLimit } from './rate-limit';

/** The caller's person, counted against their per-token rate limit. */
export async function authenticateLimited(req: IncomingMessage, deps: Deps): Promise<UserRecord> {
  const user = await authenticate(req, deps.store);
  const { perToken, windowMs } = deps.config.rateLimit;
  await enforceLimit(deps.store, `token:${user.userId}`, perToken, windowMs);
  return user;
}

export interface AdminOptions {
  /** The caller's address: wrong guesses are counted per address. */
  ip: string;
  /** WebSocket clients cannot set headers in a browser, so they may pass ?access_token= instead. */
  url?: URL;
}

/**
 * The one gate of every admin route (the organisation API, its stream, closed registration).
 * No token → 401; any other token than RELAY_ADMIN_TOKEN (a person's included) → 403; the
 * comparison is constant-time; neither refusal says anything about the organisation. Wrong
 * guesses from one address are limited like registrations (then 429), so the token cannot be
 * brute-forced; the admin's own requests are limited like any person's. The token is never
 * logged: nothing here writes it anywhere.
 */
export async function authoriseAdmin(req: IncomingMessage, deps: Deps, options: AdminOptions): Promise<void> {
  const { config, store } = deps;
  const given = bearer(req.headers.authorization) ?? options.url?.searchParams.get('access_token') ?? null;
  if (!given) throw new HttpError('unauthorized', 'an admin bearer token is required', undefined, { 'WWW-Authenticate': 'Bearer' });
  const { registrations, perToken, windowMs } = config.rateLimit;
  if (!config.adminToken || !sameSecret(given, config.adminToken)) {
    await enforceLimit(store, `admin-denied:${options.ip}`, registrations, windowMs);
    throw new HttpError('forbidden', config.adminToken ? 'this token does not grant admin access' : 'admin access is off: the relay has no RELAY_ADMIN_TOKEN');
  }
  await enforceLimit(store, `token:admin:${options.ip}`, perToken, windowMs);
}
