import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InviteResponse } from '../../core';
import { checkInviteLink } from '../../extension/options/invite-link';
import { RelayLink } from '../../extension/sync/relay-link';
import type { Store } from '../../relay/store/store';
import { adminHeaders, putRoster, startOrgRelay } from '../support/org-relay';
import { putSource } from '../support/relay-process';
import { embeddedFactory } from '../relay/store-factories';

const CODE = `abcDEF123_-.${'x'.repeat(43)}`;

describe('invite links in the options page', () => {
  it('splits a link into the relay address and the code, relays under a path too', () => {
    expect(checkInviteLink(` https://status.example.com/join/${CODE} `)).toEqual({ ok: true, relayUrl: 'https://status.example.com', code: CODE });
    expect(checkInviteLink(`https://example.com/teams/join/${CODE}`)).toEqual({ ok: true, relayUrl: 'https://example.com/teams', code: CODE });
  });

  it('says what is wrong with something that is not an invite link', () => {
    expect(checkInviteLink('')).toMatchObject({ ok: false, error: expect.stringMatching(/Paste the invite link/) });
    expect(checkInviteLink('https://status.example.com')).toMatchObject({ ok: false, error: expect.stringMatching(/not an invite link/) });
    expect(checkInviteLink('https://status.example.com/join/short.code')).toMatchObject({ ok: false, error: expect.stringMatching(/not an invite link/) });
    expect(checkInviteLink(`ftp://status.example.com/join/${CODE}`)).toMatchObject({ ok: false, error: expect.stringMatching(/https:\/\//) });
  });
});

describe('joining an organisation from the extension', () => {
  const factory = embeddedFactory();
  let store: Store;
  let relay: Awaited<ReturnType<typeof startOrgRelay>>;

  beforeAll(async () => {
    await factory.start();
    store = await factory.open();
    relay = await startOrgRelay(store, { RELAY_REGISTRATION: 'closed' });
    await putRoster(relay.url, 'email,displayName\nada@example.test,Ada Lovelace\n', 'text/csv');
  });
  afterAll(async () => {
    await relay?.close();
    await store?.close();
    await factory.stop();
  });

  const newLink = () => {
    const slot = <T,>(v: T) => ({ get: async () => v, set: async (n: T) => void (v = n), clear: async () => undefined });
    return new RelayLink({ connection: slot(null), health: slot(null), db: { outboxCount: async () => 0 } as never, schedule: () => undefined, hasAccess: async () => true, onChange: () => undefined });
  };

  it('binds the extension to the roster entry with the invite code; the link then fails in words', async () => {
    const invite = (await (await fetch(`${relay.url}/api/v1/org/people/ada@example.test/invite`, { method: 'POST', headers: adminHeaders() })).json()) as InviteResponse;
    const parsed = checkInviteLink(invite.url.replace('https://status.example.test', relay.url));
    if (!parsed.ok) throw new Error(parsed.error);
    const link = newLink();
    const share = await link.connect(parsed.relayUrl, 'Ada', 'UTC', parsed.code);
    expect(share.level).toBe('basic');
    const token = link.connection()!.token;
    expect((await putSource(relay.url, token, 'manual', { observedAt: new Date().toISOString(), availability: 'Busy' })).status).toBe(200);
    await expect(newLink().connect(parsed.relayUrl, 'Mallory', 'UTC', parsed.code)).rejects.toThrow(/already used, has expired/);
  });
});
