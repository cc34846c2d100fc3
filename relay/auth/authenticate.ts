import type { IncomingMessage } from 'node:http';
import type { Authorised, LimitCheck, Store, UserRecord } from '../store/store';
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

/** A person authenticated and both limits counted in one store round trip (Store.authorise). */
export interface Authenticated {
  user: UserRecord;
  /** Their status as read in the same round trip (a write starts from it). */
  prior: Authorised['prior'];
}

/**
 * authenticate() and the caller's limits together: the address limit first (429 before
 * anything else, as for every route), then the token (401), then the person's limit (429).
 * The store counts the person's limit only when the token is theirs; the decision here is the
 * constant-time comparison, as in authenticate().
 */
export async function authenticateWithin(req: IncomingMessage, store: Store, address: LimitCheck | null, person: { limit: number; windowMs: number }, limited: (r: { allowed: boolean; retryAfterMs: number }) => void): Promise<Authenticated> {
  const token = bearer(req.headers.authorization);
  const parts = token ? parseToken(token) : null;
  if (!parts) {
    if (address) limited(await store.rateLimit(address.key, address.limit, address.windowMs));
    throw unauthorized();
  }
  const tokenHash = hashSecret(parts.secret);
  const got = await store.authorise({ userId: parts.userId, tokenHash, limits: address ? [address] : [], personLimit: person });
  if (got.limits[0]) limited(got.limits[0]);
  const ok = sameHash(tokenHash, got.user?.tokenHash ?? DUMMY_HASH);
  if (!got.user || !ok) throw unauthorized();
  // Counted unless the store disagreed about the digest (it never does when they match).
  limited(got.personLimit ?? { allowed: true, retryAfterMs: 0 });
  return { user: got.user, prior: got.prior };
}
