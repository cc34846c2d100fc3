import type { Slot } from '../../platform/storage';
import { aadErrorWords, flowFailureWords, MicrosoftAuthError, offlineWords } from './auth-errors';
import { randomToken, s256 } from './pkce';
import { DEFAULT_MICROSOFT_SETTINGS, scopesFor, trimBase, type MicrosoftSettings } from './settings';

/** What survives a worker restart (chrome.storage.local; never handed to a page). */
export interface MicrosoftSession {
  accessToken: string;
  refreshToken: string | null;
  /** ms; renewal starts RENEW_BEFORE_MS earlier. */
  expiresAt: number;
  name: string;
  email: string;
  /** The settings the tokens belong to: changing any of them signs out. */
  issuer: string;
}

export interface MicrosoftAccountDeps {
  slot: Slot<MicrosoftSession | null>;
  /** chrome.identity.launchWebAuthFlow: resolves with the final redirect URL. */
  launchWebAuthFlow(url: string, interactive: boolean): Promise<string>;
  /** chrome.identity.getRedirectURL(): https://<extension-id>.chromiumapp.org/ */
  redirectUri: string;
  fetch?: typeof fetch;
  now(): number;
  log(line: string): void;
}

export interface AccountView {
  signedIn: boolean;
  name: string | null;
  email: string | null;
  /** The last sign-in or renewal problem, in words. */
  problem: string | null;
}

/** Renew this long before the access token expires, so no Graph call meets an expired one. */
export const RENEW_BEFORE_MS = 5 * 60_000;

interface TokenAnswer {
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
  error?: string;
  error_description?: string;
}

/**
 * The Microsoft sign-in, by hand (MSAL does not run in an MV3 worker): authorization code +
 * PKCE S256 through launchWebAuthFlow, state checked, tokens kept in extension storage.
 * `accessToken()` renews silently — refresh token first, then a non-interactive auth flow on
 * the Microsoft session cookie — and only when both fail asks for a sign-in, in words.
 */
export class MicrosoftAccount {
  private session: MicrosoftSession | null = null;
  private settings: MicrosoftSettings = DEFAULT_MICROSOFT_SETTINGS;
  private renewing: Promise<string> | null = null;
  private listeners: (() => void)[] = [];
  problem: string | null = null;

  constructor(private readonly deps: MicrosoftAccountDeps) {}

  get redirectUri(): string {
    return this.deps.redirectUri;
  }

  private issuer(s = this.settings): string {
    return `${trimBase(s.msAuthority)}/${s.msTenant}#${s.msClientId}#${scopesFor(s).join(' ')}`;
  }

  /** Settings changed (and once at start): a session for other settings is signed out. */
  async configure(settings: MicrosoftSettings): Promise<void> {
    this.settings = settings;
    this.session ??= await this.deps.slot.get();
    if (this.session && this.session.issuer !== this.issuer()) await this.signOut();
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  view(): AccountView {
    return { signedIn: this.session !== null, name: this.session?.name ?? null, email: this.session?.email ?? null, problem: this.problem };
  }

  get graphBase(): string {
    return trimBase(this.settings.graphBaseUrl);
  }

  private async post(form: Record<string, string>): Promise<TokenAnswer> {
    const url = `${trimBase(this.settings.msAuthority)}/${this.settings.msTenant}/oauth2/v2.0/token`;
    let res: Response;
    try {
      res = await (this.deps.fetch ?? fetch)(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
    } catch {
      throw new MicrosoftAuthError(offlineWords(new URL(url).host), false);
    }
    const body = (await res.json().catch(() => ({}))) as TokenAnswer;
    if (!res.ok && !body.error) body.error = `HTTP ${res.status}`;
    return body;
  }

  /** Run the auth flow; interactive shows Microsoft's page, otherwise rides the session cookie. */
  private async authorize(interactive: boolean): Promise<TokenAnswer> {
    const s = this.settings;
    if (!s.msClientId) throw new MicrosoftAuthError('Enter the Application (client) ID of your app registration first.', true);
    const verifier = randomToken(48);
    const state = randomToken(16);
    const params = new URLSearchParams({
      client_id: s.msClientId,
      response_type: 'code',
      redirect_uri: this.deps.redirectUri,
      response_mode: 'query',
      scope: scopesFor(s).join(' '),
      state,
      code_challenge: await s256(verifier),
      code_challenge_method: 'S256',
      prompt: interactive ? 'select_account' : 'none',
    });
    if (!interactive && this.session?.email) params.set('login_hint', this.session.email);
    let final: string;
    try {
      final = await this.deps.launchWebAuthFlow(`${trimBase(s.msAuthority)}/${s.msTenant}/oauth2/v2.0/authorize?${params.toString()}`, interactive);
    } catch (err) {
      throw new MicrosoftAuthError(flowFailureWords(err instanceof Error ? err.message : String(err), this.deps.redirectUri), true);
    }
    const back = new URL(final).searchParams;
    if (back.get('state') !== state) throw new MicrosoftAuthError('The sign-in answer did not match the request (state mismatch); nothing was saved. Try again.', true);
    const error = back.get('error');
    if (error) throw new MicrosoftAuthError(aadErrorWords(error, back.get('error_description'), this.deps.redirectUri), true);
    const code = back.get('code');
    if (!code) throw new MicrosoftAuthError('Microsoft answered without an authorization code. Try again.', true);
    return this.post({ client_id: s.msClientId, grant_type: 'authorization_code', code, redirect_uri: this.deps.redirectUri, code_verifier: verifier, scope: scopesFor(s).join(' ') });
  }

  private async keep(answer: TokenAnswer, who?: { name: string; email: string }): Promise<string> {
    if (answer.error || !answer.access_token) throw new MicrosoftAuthError(aadErrorWords(answer.error ?? 'no_token', answer.error_description ?? null, this.deps.redirectUri), true);
    const person = who ?? (await this.whoAmI(answer.access_token));
    this.session = {
      accessToken: answer.access_token,
      refreshToken: answer.refresh_token ?? this.session?.refreshToken ?? null,
      expiresAt: this.deps.now() + (answer.expires_in ?? 3600) * 1000,
      name: person.name,
      email: person.email,
      issuer: this.issuer(),
    };
    await this.deps.slot.set(this.session);
    this.problem = null;
    return answer.access_token;
  }

  private async whoAmI(token: string): Promise<{ name: string; email: string }> {
    let res: Response;
    try {
      res = await (this.deps.fetch ?? fetch)(`${this.graphBase}/v1.0/me?$select=displayName,mail,userPrincipalName`, { headers: { authorization: `Bearer ${token}` } });
    } catch {
      throw new MicrosoftAuthError(offlineWords(new URL(this.graphBase).host), false);
    }
    if (!res.ok) throw new MicrosoftAuthError(`Signed in, but Microsoft Graph refused to say who you are (HTTP ${res.status}). Check that User.Read is granted.`, true);
    const me = (await res.json()) as { displayName?: string; mail?: string | null; userPrincipalName?: string };
    return { name: me.displayName ?? me.userPrincipalName ?? 'you', email: me.mail ?? me.userPrincipalName ?? '' };
  }

  /** The options page's "Sign in with Microsoft". */
  async signIn(): Promise<AccountView> {
    try {
      await this.keep(await this.authorize(true));
    } catch (err) {
      this.problem = err instanceof Error ? err.message : String(err);
      this.changed();
      throw err;
    }
    this.changed();
    return this.view();
  }

  async signOut(): Promise<void> {
    this.session = null;
    this.problem = null;
    await this.deps.slot.set(null);
    this.changed();
  }

  /** A valid access token, renewed before expiry; throws MicrosoftAuthError in words. */
  async accessToken(): Promise<string> {
    const s = this.session;
    if (!s) throw new MicrosoftAuthError('Not signed in to Microsoft 365.', true);
    if (s.expiresAt - this.deps.now() > RENEW_BEFORE_MS) return s.accessToken;
    this.renewing ??= this.renew(s).finally(() => (this.renewing = null));
    return this.renewing;
  }

  private async renew(s: MicrosoftSession): Promise<string> {
    const who = { name: s.name, email: s.email };
    if (s.refreshToken) {
      const answer = await this.post({ client_id: this.settings.msClientId, grant_type: 'refresh_token', refresh_token: s.refreshToken, scope: scopesFor(this.settings).join(' ') });
      if (!answer.error) return this.keep(answer, who);
      this.deps.log(`refresh token refused (${answer.error}); trying a silent sign-in`);
    }
    try {
      return await this.keep(await this.authorize(false), who);
    } catch (err) {
      if (err instanceof MicrosoftAuthError && !err.needsSignIn) throw err;
      this.session = null;
      await this.deps.slot.set(null);
      this.problem = `Microsoft 365 needs you to sign in again: the sign-in could not be renewed (${err instanceof Error ? err.message : String(err)}).`;
      this.changed();
      throw new MicrosoftAuthError(this.problem, true);
    }
  }
}
