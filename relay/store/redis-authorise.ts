import { keys } from './redis-keys';
import type { ScriptRunner } from './redis-scripts';
import type { StatusRecord } from '../../core';
import type { AuthRequest, Authorised, LimitCheck, RateLimitResult, UserRecord } from './store';

type PersonRead = [string | null, string | null, string, number, number];

export function limitResult(hits: number, ttl: number, limit: number): RateLimitResult {
  return hits <= limit ? { allowed: true, retryAfterMs: 0 } : { allowed: false, retryAfterMs: Math.max(1, ttl) };
}

const windowOf = (windowMs: number) => Math.max(1, Math.ceil(windowMs));

/**
 * Store.authorise on Redis: the person's slot (user, status, version, their limit) read in one
 * script. One address limit (a person route's) is counted in that same script on one Redis; on
 * a cluster, or for other limits, each is its own script in the same round trip.
 */
export async function authoriseOn(run: ScriptRunner, clustered: boolean, request: AuthRequest, rateLimit: (l: LimitCheck) => Promise<RateLimitResult>): Promise<Authorised> {
  const { userId, tokenHash, limits, personLimit } = request;
  const personKeys = [keys.user(userId), keys.status(userId), keys.version(userId), keys.tokenLimit(userId)];
  let person: PersonRead;
  let counted: RateLimitResult[];
  const [address] = limits;
  if (!clustered && address && limits.length === 1) {
    const [u, s, v, hits, ttl, addressHits, addressTtl] = (await run('tsAuthReadLimited', [...personKeys, keys.rateLimit(address.key)], [tokenHash, windowOf(personLimit.windowMs), windowOf(address.windowMs)])) as [...PersonRead, number, number];
    person = [u, s, v, hits, ttl];
    counted = [limitResult(addressHits, addressTtl, address.limit)];
  } else {
    [person, ...counted] = await Promise.all([run('tsAuthRead', personKeys, [tokenHash, windowOf(personLimit.windowMs)]) as Promise<PersonRead>, ...limits.map(rateLimit)]);
  }
  const [userJson, statusJson, version, hits, ttl] = person;
  const user = userJson === null ? null : (JSON.parse(userJson) as UserRecord);
  return {
    user,
    limits: counted,
    personLimit: hits === 0 ? null : limitResult(hits, ttl, personLimit.limit),
    prior: user ? { user, record: statusJson === null ? null : (JSON.parse(statusJson) as StatusRecord), version } : null,
  };
}
