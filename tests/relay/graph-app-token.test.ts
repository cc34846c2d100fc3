import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphSettings } from '../../relay/config';
import { AppTokenProvider } from '../../relay/graph/app-token';
import { createHttpsTransport, type HttpsTransport } from '../../relay/graph/https-transport';
import { orgOf } from '../fakes/microsoft/org-model';
import { FAKE_CLIENT_ID, startMicrosoftFake, type MicrosoftFake } from '../fakes/microsoft/server';
import { until } from '../support/until';

describe('app-only tokens (client credentials) against the Microsoft fake', () => {
  let fake: MicrosoftFake;
  let transport: HttpsTransport;
  const dir = mkdtempSync(join(tmpdir(), 'ts-graph-cert-'));
  const settings = (credential: GraphSettings['credential']): GraphSettings => ({ tenantId: 'contoso', clientId: FAKE_CLIENT_ID, credential, authority: fake.origin, baseUrl: fake.origin, maxConcurrency: 4 });

  beforeAll(async () => {
    fake = await startMicrosoftFake();
    transport = createHttpsTransport({ ca: fake.cert });
  });
  afterAll(async () => {
    transport?.close();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a secret gets a token, cached until it nears expiry, then renewed', async () => {
    orgOf(fake.state).switches.tokenLifetimeS = 2;
    const tokens = new AppTokenProvider(settings({ kind: 'secret', secret: orgOf(fake.state).switches.clientSecret }), transport);
    const first = await tokens.getAccessToken();
    expect(await Promise.all([tokens.getAccessToken(), tokens.getAccessToken()])).toEqual([first, first]);
    expect(tokens.issued).toBe(1);
    // Renewed halfway through a short life, before Graph would refuse it.
    await until(async () => (await tokens.getAccessToken()) !== first, 'a renewed token', 5000);
    expect(fake.state.accessTokens.get(first)!.expiresAt).toBeGreaterThan(Date.now());
    orgOf(fake.state).switches.tokenLifetimeS = 3599;
  });

  it.each(['rsa', 'ec'] as const)('a %s certificate signs the client assertion (x5t#S256, audience the token URL)', async (keyType) => {
    const pems = await generate([{ name: 'commonName', value: 'teams-status-relay' }], keyType === 'rsa' ? { keySize: 2048 } : { keyType: 'ec', curve: 'P-256' });
    const pemPath = join(dir, `${keyType}.pem`);
    writeFileSync(pemPath, `${pems.private}\n${pems.cert}`);
    const tokens = new AppTokenProvider(settings({ kind: 'certificate', pemPath }), transport);
    await expect(tokens.getAccessToken()).rejects.toThrow(/AADSTS700027.*not registered/);
    orgOf(fake.state).switches.certificates.push(pems.cert);
    const token = await tokens.getAccessToken();
    expect(fake.state.accessTokens.get(token)?.scopes).toEqual(['Calendars.Read', 'Presence.Read.All', 'User.Read.All']);
  });

  it('a wrong secret or a PEM without its certificate fails in words', async () => {
    await expect(new AppTokenProvider(settings({ kind: 'secret', secret: 'wrong' }), transport).getAccessToken()).rejects.toThrow(/refused the app's credentials \(invalid_client\): AADSTS7000215: Invalid client secret/);
    const keyOnly = join(dir, 'key-only.pem');
    writeFileSync(keyOnly, (await generate([{ name: 'commonName', value: 'x' }], { keyType: 'ec', curve: 'P-256' })).private);
    await expect(new AppTokenProvider(settings({ kind: 'certificate', pemPath: keyOnly }), transport).getAccessToken()).rejects.toThrow(/must hold both the private key and its certificate/);
  });
});
