import { graphError, type FakeRequest, type TokenGrant } from './model';

/**
 * Graph's bearer check: 401 InvalidAuthenticationToken for a missing, unknown or expired token;
 * 403 when the token lacks every scope that would allow the call (a `.ReadWrite` covers `.Read`).
 * Returns the grant, or null once it has answered.
 */
export function bearer(r: FakeRequest, anyOf: string[]): TokenGrant | null {
  const auth = r.req.headers.authorization ?? '';
  const grant = auth.startsWith('Bearer ') ? r.state.accessTokens.get(auth.slice(7)) : undefined;
  if (!grant) {
    graphError(r.res, 401, 'InvalidAuthenticationToken', auth ? 'IDX14100: JWT is not well formed.' : 'Access token is empty.');
    return null;
  }
  if (grant.expiresAt <= r.state.now()) {
    graphError(r.res, 401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.');
    return null;
  }
  const covers = (want: string) => grant.scopes.some((s) => s.toLowerCase() === want.toLowerCase() || s.toLowerCase() === want.toLowerCase().replace(/\.read(basic)?$/, '.readwrite'));
  if (!anyOf.some(covers)) {
    graphError(r.res, 403, 'Forbidden', `Insufficient privileges to complete the operation (needs ${anyOf.join(' or ')}).`);
    return null;
  }
  return grant;
}

export const GRAPH_CONTEXT = (origin: string) => `${origin}/v1.0/$metadata`;
