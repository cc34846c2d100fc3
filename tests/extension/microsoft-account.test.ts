import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AadError } from '../fakes/microsoft/model';
import { startMicrosoftFake, type MicrosoftFake } from '../fakes/microsoft/server';
import { trustFakeCertificate } from '../support/trust-fake-tls';
import { account, REDIRECT } from './microsoft-harness';

let fake: MicrosoftFake;

beforeAll(async () => {
  fake = await startMicrosoftFake();
  trustFakeCertificate(fake.cert);
});
afterAll(() => fake?.close());
beforeEach(() => {
  fake.state.aadError = null;
  fake.state.sessionAlive = true;
  fake.state.accessTokenLifetimeS = 3600;
  fake.state.requests.length = 0;
});

const tokenPosts = () => fake.state.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/oauth2/v2.0/token'));

describe('Microsoft sign-in (auth code + PKCE by hand) against the fake', () => {
  it('signs in through the Sign-in page, says who, keeps the tokens in extension storage, and sends the extension Origin', async () => {
    const { a, slot, configure } = account(fake.origin);
    await configure();
    const view = await a.signIn();
    expect(view).toEqual({ signedIn: true, name: 'Ada Lovelace', email: 'ada@contoso.example', problem: null });
    expect(slot.value).toMatchObject({ name: 'Ada Lovelace', refreshToken: expect.any(String), accessToken: expect.any(String) });
    expect(tokenPosts()[0]?.origin).toBe('chrome-extension://abcdefghijklmnopabcdefghijklmnop');
    const authorize = fake.state.requests.find((r) => r.path.includes('/authorize'))!;
    expect(new URL(authorize.path, fake.origin).searchParams.get('code_challenge_method')).toBe('S256');
    await a.signOut();
    expect(slot.value).toBeNull();
    expect(a.view().signedIn).toBe(false);
  });

  it('renews before expiry with the refresh token, then with a silent auth flow, and asks for a sign-in only when both fail', async () => {
    const clock = { now: Date.now() };
    const { a, browser, configure } = account(fake.origin, { clock });
    await configure();
    fake.state.accessTokenLifetimeS = 3600;
    await a.signIn();
    const first = await a.accessToken();
    expect(await a.accessToken()).toBe(first);
    clock.now += 56 * 60_000; // 4 min before expiry: renew now, not after a 401
    const renewed = await a.accessToken();
    expect(renewed).not.toBe(first);
    expect(tokenPosts().map((r) => r.path)).toHaveLength(2);
    expect(fake.state.accessTokens.get(renewed)).toBeDefined();

    // The 24 h SPA refresh token ran out: the session cookie still signs in silently.
    for (const g of fake.state.refreshTokens.values()) g.expiresAt = 0;
    clock.now += 60 * 60_000;
    const silent = await a.accessToken();
    expect(silent).not.toBe(renewed);
    expect(fake.state.requests.some((r) => r.path.includes('prompt=none'))).toBe(true);
    expect(browser.cookies.get('fake-ms-session')).toBe('1');

    // Both gone: now, and only now, a sign-in is asked for, in words.
    for (const g of fake.state.refreshTokens.values()) g.expiresAt = 0;
    fake.state.sessionAlive = false;
    clock.now += 60 * 60_000;
    await expect(a.accessToken()).rejects.toThrow(/needs you to sign in again/);
    expect(a.view()).toMatchObject({ signedIn: false, problem: expect.stringMatching(/sign in again/) });
  });

  it.each<[AadError, RegExp]>([
    ['consent-required', /not consented to this app yet \(AADSTS65001\).*admin-consent link/],
    ['user-consent-blocked', /only administrators approve apps \(AADSTS90094\)/],
    ['app-disabled', /application is disabled .*AADSTS7000112/],
    ['redirect-mismatch', /cancelled.*AADSTS50011.*chromiumapp\.org\/ under "Single-page application"/],
    ['not-spa', /wrong platform \(AADSTS9002326\).*"Single-page application"/],
  ])('%s is said in words', async (error, words) => {
    const { a, configure } = account(fake.origin);
    await configure();
    fake.state.aadError = error;
    await expect(a.signIn()).rejects.toThrow(words);
    expect(a.view()).toMatchObject({ signedIn: false, problem: expect.stringMatching(words) });
  });

  it('cancelled, a forged state and offline are said in words', async () => {
    const cancelled = account(fake.origin, { launch: () => Promise.reject(new Error('The user did not approve access.')) });
    await cancelled.configure();
    await expect(cancelled.a.signIn()).rejects.toThrow(/Sign-in was cancelled/);

    const forged = account(fake.origin, { launch: async () => `${REDIRECT}?code=abc&state=forged` });
    await forged.configure();
    await expect(forged.a.signIn()).rejects.toThrow(/state mismatch/);

    // Offline while renewing: said in words, and the session is kept for when the network is back.
    const clock = { now: Date.now() };
    const net = { online: true };
    const offline = account(fake.origin, { clock, net });
    await offline.configure();
    await offline.a.signIn();
    net.online = false;
    clock.now += 58 * 60_000;
    await expect(offline.a.accessToken()).rejects.toThrow(/Cannot reach Microsoft \(127\.0\.0\.1:\d+\): you may be offline/);
    expect(offline.a.view().signedIn).toBe(true);
  });
});
