import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { conformance, readCsdl, type Csdl } from '../../fakes/microsoft/csdl';
import { addPeople, orgOf } from '../../fakes/microsoft/org-model';
import { FAKE_CLIENT_ID, startMicrosoftFake, type MicrosoftFake } from '../../fakes/microsoft/server';
import { chatWith, preinstall, TEAMS_APP_ID, teamsOf } from '../../fakes/microsoft/teams-model';
import { trustFakeCertificate } from '../../support/trust-fake-tls';

// The Teams side of the Microsoft fake answers in Graph's published shapes and refuses what the
// real services refuse, so the relay's tests against it mean something.
let csdl: Csdl;
let fake: MicrosoftFake;
const person = () => [...orgOf(fake.state).people.values()][0]!;

beforeAll(async () => {
  csdl = readCsdl(join(import.meta.dirname, '../../fixtures/graph/v1.0-Prod.csdl.gz'));
  // A clock that stands still: the per-second limit is then about counts, not about how fast this machine is.
  const frozen = Date.now();
  fake = await startMicrosoftFake({ now: () => frozen });
  trustFakeCertificate(fake.cert);
  addPeople(fake.state, 1);
  orgOf(fake.state).switches.roles.push('TeamsAppInstallation.ReadWriteSelfForUser.All');
});
afterAll(() => fake?.close());

async function token(scope: string): Promise<string> {
  const form = new URLSearchParams({ client_id: FAKE_CLIENT_ID, client_secret: orgOf(fake.state).switches.clientSecret, grant_type: 'client_credentials', scope });
  const res = await fetch(`${fake.origin}/contoso/oauth2/v2.0/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
  return ((await res.json()) as { access_token: string }).access_token;
}

const graph = async (method: string, path: string, bearer: string, body?: unknown) => {
  const res = await fetch(`${fake.origin}/v1.0${path}`, { method, headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> & { value?: Record<string, unknown>[] } };
};

it("answers the user, installation and chat routes in Graph v1.0's shapes", async () => {
  const t = await token(`${fake.origin}/.default`);
  const p = person();
  const user = await graph('GET', `/users/${encodeURIComponent(p.mail)}?$select=id,displayName,userPrincipalName`, t);
  expect(conformance(csdl, 'user', user.body)).toEqual([]);
  expect((await graph('POST', `/users/${p.id}/teamwork/installedApps`, t, { 'teamsApp@odata.bind': `${fake.origin}/v1.0/appCatalogs/teamsApps/${TEAMS_APP_ID}` })).status).toBe(201);
  expect((await graph('POST', `/users/${p.id}/teamwork/installedApps`, t, { 'teamsApp@odata.bind': `${fake.origin}/v1.0/appCatalogs/teamsApps/${TEAMS_APP_ID}` })).status).toBe(409);
  const list = await graph('GET', `/users/${p.id}/teamwork/installedApps?$expand=teamsApp&$filter=${encodeURIComponent(`teamsApp/id eq '${TEAMS_APP_ID}'`)}`, t);
  expect(list.body.value).toHaveLength(1);
  expect(conformance(csdl, 'userScopeTeamsAppInstallation', list.body.value![0])).toEqual([]);
  const chat = await graph('GET', `/users/${p.id}/teamwork/installedApps/${encodeURIComponent(String(list.body.value![0]!.id))}/chat`, t);
  expect(conformance(csdl, 'chat', chat.body)).toEqual([]);
  expect(chat.body.id).toBe(chatWith(fake.state, p.id)!.id);
});

it('the Bot Connector takes only the bot\'s Bot Framework token and a well-formed card, and keeps 7 per second per conversation', async () => {
  // The person's chat with the bot, whether or not a test before this one installed the app.
  const chat = chatWith(fake.state, person().id) ?? chatWith(fake.state, preinstall(fake.state, person().id).userId)!;
  const post = async (bearer: string, activity: unknown) =>
    (await fetch(`${fake.origin}/teams/v3/conversations/${encodeURIComponent(chat.id)}/activities`, { method: 'POST', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, body: JSON.stringify(activity) })).status;
  const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Ada: Busy' }] };
  const good = { type: 'message', summary: 'Ada: Busy', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }] };
  expect(await post(await token(`${fake.origin}/.default`), good)).toBe(401);
  const bot = await token('https://api.botframework.com/.default');
  expect((await graph('GET', `/users/${person().id}`, bot)).status).toBe(403);
  teamsOf(fake.state).problems.length = 0;
  expect(await post(bot, { ...good, attachments: [{ ...good.attachments[0], content: { ...card, body: [{ type: 'Marquee', text: 'x' }] } }] })).toBe(400);
  expect(teamsOf(fake.state).problems.join(' ')).toMatch(/Marquee/);
  const statuses: number[] = [];
  for (let i = 0; i < 8; i++) statuses.push(await post(bot, good));
  // The refused one above counted too: six more fit in the second, the seventh and eighth do not.
  expect(statuses).toEqual([201, 201, 201, 201, 201, 201, 429, 429]);
  expect(chat.activities).toHaveLength(6);
});

it("the Bot Connector answers a gone conversation 404 ConversationNotFound to the bot's token, and each blocked chat 403 with its code", async () => {
  const bot = await token('https://api.botframework.com/.default');
  const post = async (conversationId: string) => {
    const res = await fetch(`${fake.origin}/teams/v3/conversations/${encodeURIComponent(conversationId)}/activities`, { method: 'POST', headers: { authorization: `Bearer ${bot}`, 'content-type': 'application/json' }, body: '{}' });
    return { status: res.status, body: (await res.json()) as { error: Record<string, unknown> } };
  };
  const gone = await post('19:nobody_here@unq.gbl.spaces');
  expect(gone).toMatchObject({ status: 404, body: { error: { code: 'ConversationNotFound', message: 'Conversation not found.' } } });
  const chat = chatWith(fake.state, person().id) ?? chatWith(fake.state, preinstall(fake.state, person().id).userId)!;
  try {
    const answered: Record<string, unknown>[] = [];
    for (const code of ['MessageWritesBlocked', 'ConversationBlockedByUser', 'BotNotInConversationRoster'] as const) {
      chat.blocked = code;
      // The clock stands still: forget earlier requests so the per-second limit does not answer first.
      chat.requests.length = 0;
      const { status, body } = await post(chat.id);
      expect(status).toBe(403);
      answered.push({ code: body.error.code, subCode: body.error.subCode });
    }
    expect(answered).toEqual([
      { code: 'Forbidden', subCode: 'MessageWritesBlocked' },
      { code: 'ConversationBlockedByUser', subCode: undefined },
      { code: 'BotNotInConversationRoster', subCode: undefined },
    ]);
  } finally {
    chat.blocked = null;
  }
});
