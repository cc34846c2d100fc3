import { createHash, createPrivateKey, randomUUID, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import type { GraphSettings } from '../config';
import type { HttpsTransport } from './https-transport';

/** Renew this long before the token expires (or halfway through a shorter life), so no request leaves with a token about to die. */
const RENEW_BEFORE_MS = 5 * 60_000;

export class GraphAuthError extends Error {
  override name = 'GraphAuthError';
}

interface Certificate {
  key: KeyObject;
  /** base64url SHA-256 thumbprint of the certificate (the `x5t#S256` header Entra matches). */
  thumbprint: string;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** The private key and the certificate from one PEM file (as Entra's "Certificates & secrets" pairs them). */
export async function loadCertificate(pemPath: string): Promise<Certificate> {
  const pem = await readFile(pemPath, 'utf8').catch((err: unknown) => {
    throw new GraphAuthError(`GRAPH_CLIENT_CERTIFICATE: cannot read ${pemPath} (${String(err)})`);
  });
  const certPem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  const keyPem = /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC )?PRIVATE KEY-----/.exec(pem)?.[0];
  if (!certPem || !keyPem) throw new GraphAuthError(`GRAPH_CLIENT_CERTIFICATE: ${pemPath} must hold both the private key and its certificate (PEM)`);
  const cert = new X509Certificate(certPem);
  return { key: createPrivateKey(keyPem), thumbprint: b64url(createHash('sha256').update(cert.raw).digest()) };
}

/** The client assertion of the certificate credential: a JWT signed with the app's key (RFC 7523). */
export function clientAssertion(cert: Certificate, clientId: string, audience: string, nowMs: number): string {
  const rsa = cert.key.asymmetricKeyType === 'rsa';
  const header = { alg: rsa ? 'RS256' : 'ES256', typ: 'JWT', 'x5t#S256': cert.thumbprint };
  const now = Math.floor(nowMs / 1000);
  const claims = { aud: audience, iss: clientId, sub: clientId, jti: randomUUID(), nbf: now, iat: now, exp: now + 600 };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const signature = sign('sha256', Buffer.from(input), rsa ? cert.key : { key: cert.key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${b64url(signature)}`;
}

/**
 * App-only tokens by the client-credentials grant (a secret or a certificate), cached and
 * renewed five minutes before they expire; concurrent callers share one renewal. `invalidate()`
 * drops a token Graph refused (revoked or expired early), so the next call fetches a new one.
 */
export class AppTokenProvider implements AuthenticationProvider {
  private cached: { token: string; renewAt: number } | null = null;
  private pending: Promise<string> | null = null;
  private certificate: Promise<Certificate> | null = null;
  /** Tokens fetched so far (for the jobs' summaries and the tests). */
  issued = 0;

  /**
   * `scope` is the resource the tokens are for: Graph (`<GRAPH_BASE_URL>/.default`) unless told
   * otherwise, e.g. the Bot Connector's `https://api.botframework.com/.default`.
   */
  constructor(
    private readonly settings: Pick<GraphSettings, 'authority' | 'tenantId' | 'clientId' | 'credential' | 'baseUrl'>,
    private readonly transport: HttpsTransport,
    private readonly now: () => number = Date.now,
    private readonly scope: string = `${settings.baseUrl}/.default`,
  ) {}

  getAccessToken(): Promise<string> {
    if (this.cached && this.cached.renewAt > this.now()) return Promise.resolve(this.cached.token);
    this.pending ??= this.fetchToken().finally(() => (this.pending = null));
    return this.pending;
  }

  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = null;
  }

  private async fetchToken(): Promise<string> {
    const { authority, tenantId, clientId, credential } = this.settings;
    const tokenUrl = `${authority}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`;
    const form = new URLSearchParams({ client_id: clientId, grant_type: 'client_credentials', scope: this.scope });
    if (credential.kind === 'secret') form.set('client_secret', credential.secret);
    else {
      this.certificate ??= loadCertificate(credential.pemPath);
      form.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      form.set('client_assertion', clientAssertion(await this.certificate, clientId, tokenUrl, this.now()));
    }
    const started = this.now();
    const res = await this.transport.fetch(tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
    const body = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string; error_description?: string };
    if (!res.ok || !body.access_token) {
      throw new GraphAuthError(`Microsoft identity refused the app's credentials (${body.error ?? res.status}): ${body.error_description?.split('\r\n')[0] ?? 'no description'}`);
    }
    this.issued++;
    const lifetimeMs = (body.expires_in ?? 3599) * 1000;
    this.cached = { token: body.access_token, renewAt: started + lifetimeMs - Math.min(RENEW_BEFORE_MS, lifetimeMs / 2) };
    return body.access_token;
  }
}
