import type { IncomingMessage } from 'node:http';
import type { Store, UserRecord } from '../store/store';
import { HttpError } from '../http/http-error';
import { bearer, hashSecret, parseToken, sameHash } from './secrets';

// Compared against when the user does not exist, so a miss costs the same as a wrong secret.
const DUMMY_HASH = hashSecret('no-such-user');

const unauthorized = () => new HttpError('unauthorized', 'a valid bearer token is required', undefined, { 'WWW-Authenticate': 'Bearer' });

/**
 * The person a request's bearer token belongs to. Unknown user, wrong secret and malformed
 * token all give the same 401, so the answer says nothing about who exists.
 */
export async function authenticate(req: IncomingMessage, store: Store): Promise<UserRecord> {
  const token = bearer(req.headers.authorization);
  const parts = token ? parseToken(token) : null;
  if (!parts) throw unauthorized();
  const user = await store.getUser(parts.userId);
  const ok = sameHash(hashSecret(parts.secret), user?.tokenHash ?? DUMMY_HASH);
  if (!user || !ok) throw unauthorized();
  return user;
}
