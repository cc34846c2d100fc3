import type { IncomingMessage } from 'node:http';
import { authenticate } from '../auth/authenticate';
import type { UserRecord } from '../store/store';
import type { Deps } from './deps';
import { enforceLimit } from './rate-limit';

/** The caller's person, counted against their per-token rate limit. */
export async function authenticateLimited(req: IncomingMessage, deps: Deps): Promise<UserRecord> {
  const user = await authenticate(req, deps.store);
  const { perToken, windowMs } = deps.config.rateLimit;
  await enforceLimit(deps.store, `token:${user.userId}`, perToken, windowMs);
  return user;
}
