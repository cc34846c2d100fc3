import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../relay/store/store';
import { addPeople, orgOf, type OrgPerson } from '../../fakes/microsoft/org-model';
import { startMicrosoftFake, type MicrosoftFake } from '../../fakes/microsoft/server';
import { chatWith, teamsOf } from '../../fakes/microsoft/teams-model';
import { rosterFromFake, startJobsRelay } from '../../support/jobs-relay';
import { until } from '../../support/until';
import { redisFactory } from '../store-factories';
import { admin, BOT_ENV, botRelayBlock } from './teams-bot-relay';

/** Tokens the fake minted for the Bot Framework (the bot's), as opposed to Graph's. */
const botTokens = (fake: MicrosoftFake) => [...fake.state.accessTokens.entries()].filter(([, g]) => g.audience === 'https://api.botframework.com');

describe('the Teams bot on two relay replicas over one Redis', () => {
  const factory = redisFactory();
  let fake: MicrosoftFake;
  const stores: Store[] = [];
  const relays: { url: string; close(): Promise<void> }[] = [];
  let people: OrgPerson[];

  beforeAll(async () => {
    fake = await startMicrosoftFake();
    people = addPeople(fake.state, 2);
    orgOf(fake.state).switches.roles.push('TeamsAppInstallation.ReadWriteSelfForUser.All');
    await factory.start();
    for (let i = 0; i < 2; i++) stores.push(await factory.open());
    await rosterFromFake(stores[0]!, fake);
    // A delivery whose store call timed out on a starved machine stays leased until the lease ends
    // (60 s by default), then is taken again: 10 s here, so the tests' waits cover that path too.
    const env = { ...BOT_ENV, BOT_SERVICE_URL: `${fake.origin}/teams/`, NOTIFY_LEASE_MS: '10000' };
    for (const [i, store] of stores.entries()) relays.push(await startJobsRelay(store, fake, env, `replica-${i}`));
  });
  afterAll(async () => {
    await Promise.all(relays.map((r) => r.close()));
    await Promise.all(stores.map((s) => s.close()));
    await factory.stop();
    await fake?.close();
  });

  // About 5 s alone (30 cards at 7 per 1.25 s); its wait allows a machine busy with other suites 60 s.
  it('share each conversation\'s limits: 30 events asked of both replicas all arrive, Teams never answering 429', { timeout: 90_000 }, async () => {
    const ada = people[0]!;
    const channel = (await admin(relays[0]!.url, 'POST', '/api/v1/org/channels', { type: 'teams-bot', user: ada.mail })).body;
    const asked = await Promise.all(Array.from({ length: 30 }, (_, i) => admin(relays[i % 2]!.url, 'POST', `/api/v1/org/channels/${channel.id}/test`, {})));
    expect(asked.every((a) => a.status === 202)).toBe(true);
    const chat = chatWith(fake.state, ada.id)!;
    await until(() => chat.activities.length === 30, 'all 30 cards in the chat', 60_000);
    expect(teamsOf(fake.state).counters.throttled).toBe(0);
    expect(teamsOf(fake.state).problems).toEqual([]);
  });

  it('a Bot Framework token the Bot Connector refuses is renewed once and the card still arrives', async () => {
    const bo = people[1]!;
    const channel = (await admin(relays[1]!.url, 'POST', '/api/v1/org/channels', { type: 'teams-bot', user: bo.mail })).body;
    expect((await admin(relays[1]!.url, 'POST', `/api/v1/org/channels/${channel.id}/test`, {})).status).toBe(202);
    const chat = chatWith(fake.state, bo.id)!;
    await until(() => chat.activities.length === 1, 'the first card');
    for (const [token] of botTokens(fake)) fake.state.accessTokens.delete(token);
    for (const relay of relays) expect((await admin(relay.url, 'POST', `/api/v1/org/channels/${channel.id}/test`, {})).status).toBe(202);
    await until(() => chat.activities.length === 3, 'both cards after the tokens were revoked');
    // Only new tokens are left: at most one renewal per replica.
    expect(botTokens(fake).length).toBeGreaterThan(0);
    expect(botTokens(fake).length).toBeLessThanOrEqual(relays.length);
    const records = await until(async () => {
      const items = (await admin(relays[0]!.url, 'GET', `/api/v1/org/channels/${channel.id}/deliveries`)).body.items ?? [];
      return items.length === 3 ? items : null;
    }, 'three delivery records');
    expect(records.every((r) => r.state === 'delivered' && r.attempts === 1)).toBe(true);
  });
});

describe('the Teams bot when the Bot Connector is busy', () => {
  const block = botRelayBlock(true);

  it.each([503, 429])('an answer %i is tried again and the card arrives, its record saying two attempts', async (status) => {
    const p = [...orgOf(block.fake.state).people.values()][0]!;
    const channel = (await admin(block.relay.url, 'POST', '/api/v1/org/channels', { type: 'teams-bot', user: p.mail })).body;
    const chat = chatWith(block.fake.state, p.id)!;
    const before = chat.activities.length;
    teamsOf(block.fake.state).fail = { count: 1, status };
    expect((await admin(block.relay.url, 'POST', `/api/v1/org/channels/${channel.id}/test`, {})).status).toBe(202);
    await until(() => chat.activities.length === before + 1, 'the card after the busy answer');
    const [record] = await until(async () => {
      const items = (await admin(block.relay.url, 'GET', `/api/v1/org/channels/${channel.id}/deliveries`)).body.items ?? [];
      return items.length && items[0]!.state === 'delivered' ? items : null;
    }, 'the delivered record');
    expect(record).toMatchObject({ state: 'delivered', attempts: 2 });
    expect(teamsOf(block.fake.state).fail.count).toBe(0);
  });
});

describe('Graph refusing what the Teams bot needs', () => {
  // The app has User.Read.All but nobody consented to TeamsAppInstallation.ReadWriteSelfForUser.All.
  const block = botRelayBlock(false);

  it('answers 502 naming the permission to grant, and stores nothing', async () => {
    const p = [...orgOf(block.fake.state).people.values()][0]!;
    const res = await admin(block.relay.url, 'POST', '/api/v1/org/channels', { type: 'teams-bot', user: p.mail });
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ error: { code: 'graph_refused' } });
    expect((res.body.error as { message: string }).message).toMatch(/grant the relay's app the application permission TeamsAppInstallation\.ReadWriteSelfForUser\.All and admin consent/);
    expect((await admin(block.relay.url, 'GET', '/api/v1/org/channels')).body.items).toEqual([]);
    expect(teamsOf(block.fake.state).counters.installs).toBe(0);
  });
});
