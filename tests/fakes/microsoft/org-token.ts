import { randomBytes, verify, X509Certificate, createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { identityRoutes } from './identity';
import { sendJson, type FakeRequest, type Route } from './model';
import { orgOf } from './org-model';
import { BOT_SCOPE_AUDIENCE } from './teams-model';

/**
 * The client-credentials grant at `POST /{tenant}/oauth2/v2.0/token` (the delegated grants of
 * identity.ts still answer there): `client_secret`, or a `client_assertion` JWT signed with the
 * key of a certificate registered on the app (x5t#S256 names it; aud must be this token URL).
 * `scope` must be `<resource>/.default`: Graph's carries the consented application roles, the
 * Bot Framework's (`https://api.botframework.com/.default`) only opens the Bot Connector.
 */

const delegated = identityRoutes.find((r) => r.method === 'POST' && r.path.test('/t/oauth2/v2.0/token'))!;

function refuse(res: ServerResponse, status: number, error: string, code: number, text: string): void {
  sendJson(res, status, { error, error_description: `AADSTS${code}: ${text} Trace ID: fake`, error_codes: [code], timestamp: new Date().toISOString() });
}

function assertionOk(jwt: string, certificates: string[], clientId: string, audience: string, nowS: number): string | null {
  const [h, c, s] = jwt.split('.');
  if (!h || !c || !s) return 'The client assertion is not a JWT.';
  const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as Record<string, string>;
  const claims = JSON.parse(Buffer.from(c, 'base64url').toString()) as Record<string, unknown>;
  const cert = certificates.map((pem) => new X509Certificate(pem)).find((x) => createHash('sha256').update(x.raw).digest('base64url') === header['x5t#S256']);
  if (!cert) return `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${header['x5t#S256'] ?? ''}']`;
  const rsa = header.alg === 'RS256';
  const key = cert.publicKey;
  if (!verify('sha256', Buffer.from(`${h}.${c}`), rsa ? key : { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url'))) return 'Client assertion contains an invalid signature.';
  if (claims.iss !== clientId || claims.sub !== clientId) return 'The client assertion must name the application as iss and sub.';
  if (claims.aud !== audience) return `The audience claim must be the token endpoint (${audience}).`;
  if (typeof claims.exp !== 'number' || claims.exp <= nowS) return 'The provided client assertion is expired.';
  return null;
}

function token(r: FakeRequest, match: RegExpMatchArray): void | Promise<void> {
  const form = new URLSearchParams(r.body);
  if (form.get('grant_type') !== 'client_credentials') return delegated.handle(r, match);
  const { state, res } = r;
  const org = orgOf(state);
  const clientId = form.get('client_id') ?? '';
  if (clientId !== state.clientId) return refuse(res, 400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory 'Fake'.`);
  if (!/^https:\/\/[^/]+\/\.default$/.test(form.get('scope') ?? '')) return refuse(res, 400, 'invalid_scope', 1002012, "The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).");
  const secret = form.get('client_secret');
  const assertion = form.get('client_assertion');
  if (secret !== null) {
    if (secret !== org.switches.clientSecret) return refuse(res, 401, 'invalid_client', 7000215, 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.');
  } else if (assertion !== null) {
    const audience = `${r.origin}${r.url.pathname}`;
    const problem = assertionOk(assertion, org.switches.certificates, clientId, audience, Math.floor(state.now() / 1000));
    if (problem) return refuse(res, 401, 'invalid_client', 700027, problem);
  } else {
    return refuse(res, 401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  }
  const access = randomBytes(24).toString('base64url');
  // A Bot Framework token carries no Graph roles: it opens the Bot Connector and nothing else.
  const audience = (form.get('scope') ?? '').replace(/\/\.default$/, '');
  const bot = audience === BOT_SCOPE_AUDIENCE;
  state.accessTokens.set(access, { clientId, scopes: bot ? [] : [...org.switches.roles], expiresAt: state.now() + org.switches.tokenLifetimeS * 1000, ...(bot ? { audience } : {}) });
  org.counters.tokensIssued++;
  sendJson(res, 200, { token_type: 'Bearer', expires_in: org.switches.tokenLifetimeS, ext_expires_in: org.switches.tokenLifetimeS, access_token: access });
}

export const orgTokenRoutes: Route[] = [{ method: 'POST', area: 'identity', path: /^\/[^/]+\/oauth2\/v2\.0\/token$/, handle: token }];

/** Every app-only token stops working now (as when an admin revokes consent or a token expires early). */
export function revokeTokens(state: FakeRequest['state']): void {
  for (const [token, grant] of state.accessTokens) if (grant.scopes.some((s) => s.endsWith('.All') || s === 'Calendars.Read')) state.accessTokens.delete(token);
}
