import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conformance, readCsdl, type Csdl } from '../fakes/microsoft/csdl';
import { nodeAuthFlow, extensionFetch } from '../fakes/microsoft/node-browser';
import { FAKE_CLIENT_ID, startMicrosoftFake, type MicrosoftFake } from '../fakes/microsoft/server';
import { trustFakeCertificate } from '../support/trust-fake-tls';

const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
let csdl: Csdl;
let fake: MicrosoftFake;

beforeAll(async () => {
  csdl = readCsdl(join(import.meta.dirname, '../fixtures/graph/v1.0-Prod.csdl.gz'));
  fake = await startMicrosoftFake();
  trustFakeCertificate(fake.cert);
});
afterAll(() => fake?.close());

/** Redeem a fresh code at the fake's token endpoint; `verifier` may be wrong on purpose. */
async function redeem(scope: string, verifierFor = (v: string) => v): Promise<{ redeemAgain: () => Promise<Response>; res: Response }> {
  const verifier = 'v'.repeat(43);
  const { createHash } = await import('node:crypto');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const q = new URLSearchParams({ client_id: FAKE_CLIENT_ID, response_type: 'code', redirect_uri: REDIRECT, scope, state: 's', code_challenge: challenge, code_challenge_method: 'S256' });
  const back = new URL(await nodeAuthFlow().launch(`${fake.origin}/organizations/oauth2/v2.0/authorize?${q}`, true));
  const post = () =>
    extensionFetch('x')(`${fake.origin}/organizations/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: FAKE_CLIENT_ID, grant_type: 'authorization_code', code: back.searchParams.get('code')!, redirect_uri: REDIRECT, code_verifier: verifierFor(verifier) }).toString(),
    });
  return { res: await post(), redeemAgain: post };
}

async function token(scope: string): Promise<string> {
  return ((await (await redeem(scope)).res.json()) as { access_token: string }).access_token;
}

describe('the fake\'s token endpoint keeps the rules Entra keeps', () => {
  it('a code is redeemed once; a wrong PKCE verifier is refused', async () => {
    const once = await redeem('User.Read');
    expect(once.res.status).toBe(200);
    const again = await once.redeemAgain();
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: 'invalid_grant', error_codes: [54005] });
    const wrong = await redeem('User.Read', (v) => `${v}x`);
    expect(await wrong.res.json()).toMatchObject({ error: 'invalid_grant', error_codes: [501481] });
  });
});

const graph = async (path: string, tok: string, body?: unknown) =>
  (await fetch(`${fake.origin}/v1.0${path}`, { method: body ? 'POST' : 'GET', headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : null })).json();

describe('the Microsoft fake answers in the shapes of Graph\'s published schema (CSDL)', () => {
  it('the reader finds the types the checks rely on (a reader that found nothing would pass anything)', () => {
    expect([...csdl.types.get('presence')!.properties.keys()]).toEqual(expect.arrayContaining(['activity', 'availability', 'statusMessage', 'workLocation']));
    expect(csdl.enums.get('freeBusyStatus')).toEqual(['unknown', 'free', 'tentative', 'busy', 'oof', 'workingElsewhere']);
    expect(conformance(csdl, 'presence', { availability: 3, mood: 'x' })).toEqual(['presence.availability: expected Edm.String, got number', 'presence.mood: not a property of presence']);
    expect(conformance(csdl, 'scheduleItem', { status: 'sleeping' })).toEqual(['scheduleItem.status: "sleeping" is not a member of freeBusyStatus']);
  });

  it('/me/presence (with and without a status message) is a presence', async () => {
    const tok = await token('User.Read Presence.ReadWrite Calendars.ReadBasic');
    fake.state.presence = { availability: 'Busy', activity: 'InAMeeting', statusMessage: null };
    expect(conformance(csdl, 'presence', await graph('/me/presence', tok))).toEqual([]);
    await graph('/me/presence/setStatusMessage', tok, { statusMessage: { message: { content: 'In a call — back at 11:00', contentType: 'text' } } }).catch(() => undefined);
    const withMessage = await graph('/me/presence', tok);
    expect(withMessage).toMatchObject({ statusMessage: { message: { content: 'In a call — back at 11:00' } } });
    expect(conformance(csdl, 'presence', withMessage)).toEqual([]);
    expect(conformance(csdl, 'user', await graph('/me', tok))).toEqual([]);
  });

  it('getSchedule answers scheduleInformation with scheduleItems of every status', async () => {
    const tok = await token('User.Read Calendars.ReadBasic');
    const t0 = Date.parse('2026-11-25T09:00:00Z');
    fake.state.calendar = (['busy', 'tentative', 'oof', 'workingElsewhere', 'free', 'unknown'] as const).map((status, i) => ({ start: t0 + i * 3_600_000, end: t0 + (i + 1) * 3_600_000, status, subject: status, isPrivate: i === 0 }));
    const body = (await graph('/me/calendar/getSchedule', tok, { schedules: [fake.state.person.mail, 'someone@elsewhere.example'], startTime: { dateTime: '2026-11-25T09:00:00', timeZone: 'UTC' }, endTime: { dateTime: '2026-11-25T21:00:00', timeZone: 'UTC' }, availabilityViewInterval: 60 })) as { value: unknown[] };
    expect(body.value).toHaveLength(2);
    for (const info of body.value) expect(conformance(csdl, 'scheduleInformation', info)).toEqual([]);
    expect(body.value[0]).toMatchObject({ availabilityView: '213000000000' });
    expect((body.value[0] as { scheduleItems: unknown[] }).scheduleItems).toHaveLength(6);
  });
});
