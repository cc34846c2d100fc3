import { createHash, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sendJson, type AadError, type FakeRequest, type MicrosoftState, type Route } from './model';

/**
 * Microsoft identity platform v2 endpoints, as a browser and an MV3 worker meet them:
 * `GET /{tenant}/oauth2/v2.0/authorize` shows a page with a "Sign in" button (a form POST back
 * here) that redirects to the redirect URI with `code` and `state`; `prompt=none` answers at
 * once from the session cookie, or `login_required`. `POST /{tenant}/oauth2/v2.0/token` redeems a
 * code once (PKCE S256 checked, SPA cross-origin rule: an Origin header is required) or a
 * refresh token, and issues opaque expiring tokens.
 */

const AAD_ERRORS: Record<Exclude<AadError, 'redirect-mismatch' | 'not-spa'>, { error: string; code: number; text: string }> = {
  'consent-required': { error: 'consent_required', code: 65001, text: "The user or administrator has not consented to use the application with ID '{app}'. Send an interactive authorization request for this user and resource." },
  'user-consent-blocked': { error: 'access_denied', code: 90094, text: 'The grant requires admin permission.' },
  'app-disabled': { error: 'unauthorized_client', code: 7000112, text: "Application '{app}' is disabled." },
};

interface PendingCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  scopes: string[];
  used: boolean;
}

const codes = new WeakMap<MicrosoftState, Map<string, PendingCode>>();
const codesOf = (s: MicrosoftState) => codes.get(s) ?? (codes.set(s, new Map()), codes.get(s)!);

const token = () => randomBytes(24).toString('base64url');
const aadstsText = (code: number, text: string) => `AADSTS${code}: ${text} Trace ID: fake Correlation ID: fake Timestamp: ${new Date().toISOString().replace('T', ' ').slice(0, 19)}Z`;

function tokenError(res: ServerResponse, status: number, error: string, code: number, text: string): void {
  sendJson(res, status, { error, error_description: aadstsText(code, text), error_codes: [code], timestamp: new Date().toISOString(), trace_id: 'fake', correlation_id: 'fake' });
}

function errorPage(res: ServerResponse, code: number, text: string): void {
  res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><title>Sign in to your account</title><h1>Sorry, but we're having trouble signing you in.</h1><p>${aadstsText(code, text)}</p>`);
}

function redirect(res: ServerResponse, to: string, params: Record<string, string>, cookie?: string): void {
  const url = new URL(to);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  res.writeHead(302, { location: url.toString(), ...(cookie ? { 'set-cookie': cookie } : {}) });
  res.end();
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function authorize(r: FakeRequest, params: URLSearchParams, clicked: boolean): void {
  const { res, state } = r;
  const clientId = params.get('client_id') ?? '';
  const redirectUri = params.get('redirect_uri') ?? '';
  const st = params.get('state') ?? '';
  if (clientId !== state.clientId) return errorPage(res, 700016, `Application with identifier '${esc(clientId)}' was not found in the directory 'Fake'.`);
  if (!/^https:\/\/[a-z]{32}\.chromiumapp\.org\/$/.test(redirectUri) && !redirectUri.startsWith('https://127.0.0.1')) {
    return errorPage(res, 50011, `The redirect URI '${esc(redirectUri)}' specified in the request does not match the redirect URIs configured for the application '${clientId}'.`);
  }
  if (state.aadError === 'redirect-mismatch') return errorPage(res, 50011, `The redirect URI '${esc(redirectUri)}' specified in the request does not match the redirect URIs configured for the application '${clientId}'.`);
  if (params.get('response_type') !== 'code' || params.get('code_challenge_method') !== 'S256' || !params.get('code_challenge')) {
    return redirect(res, redirectUri, { error: 'invalid_request', error_description: aadstsText(9002325, 'Proof Key for Code Exchange is required for cross-origin authorization code redemption.'), state: st });
  }
  const aad = state.aadError && state.aadError !== 'not-spa' ? AAD_ERRORS[state.aadError] : null;
  if (aad) return redirect(res, redirectUri, { error: aad.error, error_description: aadstsText(aad.code, aad.text.replace('{app}', clientId)), state: st });
  const hasSession = /(?:^|;\s*)fake-ms-session=1/.test(r.req.headers.cookie ?? '') && state.sessionAlive;
  if (params.get('prompt') === 'none' && !hasSession) {
    return redirect(res, redirectUri, { error: 'login_required', error_description: aadstsText(50058, 'A silent sign-in request was sent but no user is signed in.'), state: st });
  }
  if (params.get('prompt') !== 'none' && !clicked) {
    const hidden = [...params].map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join('');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in to your account</title></head><body>
<h1>Sign in</h1><p>${esc(state.person.mail)}</p><form method="post">${hidden}<button type="submit">Sign in</button></form></body></html>`);
    return;
  }
  const code = token();
  codesOf(state).set(code, { clientId, redirectUri, challenge: params.get('code_challenge') ?? '', scopes: (params.get('scope') ?? '').split(' ').filter(Boolean), used: false });
  redirect(res, redirectUri, { code, state: st, session_state: 'fake' }, 'fake-ms-session=1; Path=/; Secure; HttpOnly; SameSite=None');
}

function issue(state: MicrosoftState, clientId: string, scopes: string[]): Record<string, unknown> {
  const access = token();
  const refresh = token();
  const now = state.now();
  const granted = scopes.filter((s) => !['openid', 'profile', 'offline_access', 'email'].includes(s));
  state.accessTokens.set(access, { clientId, scopes: granted, expiresAt: now + state.accessTokenLifetimeS * 1000 });
  state.refreshTokens.set(refresh, { clientId, scopes, expiresAt: now + state.refreshTokenLifetimeS * 1000 });
  return { token_type: 'Bearer', scope: granted.join(' '), expires_in: state.accessTokenLifetimeS, ext_expires_in: state.accessTokenLifetimeS, access_token: access, refresh_token: refresh };
}

function redeem(r: FakeRequest): void {
  const { res, state } = r;
  const form = new URLSearchParams(r.body);
  const clientId = form.get('client_id') ?? '';
  if (clientId !== state.clientId) return tokenError(res, 400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory 'Fake'.`);
  const origin = r.req.headers.origin;
  if (form.get('grant_type') === 'authorization_code') {
    if (state.aadError === 'not-spa') return tokenError(res, 400, 'invalid_request', 9002326, 'Cross-origin token redemption is permitted only for the \'Single-Page Application\' client-type.');
    if (!origin) return tokenError(res, 400, 'invalid_request', 9002327, "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.");
    const pending = codesOf(state).get(form.get('code') ?? '');
    if (!pending) return tokenError(res, 400, 'invalid_grant', 70000, 'The provided authorization code or refresh token has expired or is malformed.');
    if (pending.used) return tokenError(res, 400, 'invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.');
    pending.used = true;
    if (pending.redirectUri !== form.get('redirect_uri')) return tokenError(res, 400, 'invalid_grant', 50011, 'The redirect URI does not match the one the code was issued for.');
    const verifier = form.get('code_verifier') ?? '';
    if (createHash('sha256').update(verifier).digest('base64url') !== pending.challenge) return tokenError(res, 400, 'invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.');
    return sendJson(res, 200, issue(state, clientId, pending.scopes), { 'access-control-allow-origin': origin });
  }
  if (form.get('grant_type') === 'refresh_token') {
    const grant = state.refreshTokens.get(form.get('refresh_token') ?? '');
    if (!grant) return tokenError(res, 400, 'invalid_grant', 70000, 'The provided authorization code or refresh token has expired or is malformed.');
    if (grant.expiresAt <= state.now()) return tokenError(res, 400, 'invalid_grant', 700084, 'The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of 1.00:00:00, which cannot be extended.');
    return sendJson(res, 200, issue(state, clientId, grant.scopes), origin ? { 'access-control-allow-origin': origin } : {});
  }
  tokenError(res, 400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
}

export const identityRoutes: Route[] = [
  { method: 'GET', area: 'identity', path: /^\/[^/]+\/oauth2\/v2\.0\/authorize$/, handle: (r) => authorize(r, r.url.searchParams, false) },
  { method: 'POST', area: 'identity', path: /^\/[^/]+\/oauth2\/v2\.0\/authorize$/, handle: (r) => authorize(r, new URLSearchParams(r.body), true) },
  { method: 'POST', area: 'identity', path: /^\/[^/]+\/oauth2\/v2\.0\/token$/, handle: redeem },
];
