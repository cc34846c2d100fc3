import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InviteResponse, RegisterResponse } from '../../../core';
import type { Store } from '../../../relay/store/store';
import { cardProblems } from '../../fakes/notify/workflows';
import { addPeople, orgOf, type OrgPerson } from '../../fakes/microsoft/org-model';
import { startMicrosoftFake, type MicrosoftFake } from '../../fakes/microsoft/server';
import { chatWith, preinstall, TEAMS_APP_ID, teamsOf } from '../../fakes/microsoft/teams-model';
import { rosterFromFake, startJobsRelay } from '../../support/jobs-relay';
import { adminHeaders } from '../../support/org-relay';
import { until } from '../../support/until';
import { storeFactories, storeForBlock } from '../store-factories';
import { ADMIN, call, startNotifyRelay, type NotifyRelay } from './notify-support';

type Json = Record<string, unknown> & { items?: Record<string, unknown>[] };

describe.each(storeFactories())('the Teams bot channel ($name store)', (factory) => {
  let fake: MicrosoftFake;
  let store: Store;
  let base: string;
  let close: () => Promise<void>;
  let metrics: () => Promise<{ labels: Record<string, string | number>; value: number }[]>;
  let people: OrgPerson[];
  storeForBlock(factory, (s) => (store = s));

  /** As the admin (undefined), as a person (their token), or as nobody (null). */
  const api = async (method: string, path: string, body?: unknown, token?: string | null) => {
    const json = { 'content-type': 'application/json' };
    const headers = token === undefined ? adminHeaders(json) : token === null ? json : { ...json, authorization: `Bearer ${token}` };
    const res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json };
  };
  const joined = new Map<string, RegisterResponse>();
  /** A roster person's own registration, through an invite as people really join. */
  const member = async (email: string) => {
    if (!joined.has(email)) {
      const invite = (await api('POST', `/api/v1/org/people/${encodeURIComponent(email)}/invite`, {})).body as unknown as InviteResponse;
      joined.set(email, (await api('POST', `/api/v1/invites/${invite.code}`, {}, null)).body as unknown as RegisterResponse);
    }
    return joined.get(email)!;
  };
  let observed = Date.now() - 60_000;
  const setStatus = async (email: string, availability: string) => {
    const { token } = await member(email);
    expect((await api('PUT', '/api/v1/me/sources/manual', { observedAt: new Date((observed += 1000)).toISOString(), availability }, token)).status).toBe(200);
  };
  const storedConfig = async (id: string) => (await store.notify.getChannel(id))!.config;

  beforeAll(async () => {
    fake = await startMicrosoftFake();
    people = addPeople(fake.state, 5);
    orgOf(fake.state).switches.roles.push('TeamsAppInstallation.ReadWriteSelfForUser.All');
    await rosterFromFake(store, fake);
    const env = { TEAMS_APP_ID, BOT_SERVICE_URL: `${fake.origin}/teams/`, CALENDAR_SYNC_MINUTES: '0', PRESENCE_SYNC_SECONDS: '0', NOTIFY_POLL_MS: '50', NOTIFY_RETRY_BASE_MS: '50', NOTIFY_DEBOUNCE_SECONDS: '0' };
    const started = await startJobsRelay(store, fake, env);
    ({ url: base, close } = started);
    metrics = async () => (await started.relay.metrics.notifyDeliveries.get()).values;
  });
  afterAll(async () => {
    await close?.();
    await fake?.close();
  });

  it('installs the app for a person who lacks it, reads the chat and keeps the conversation reference; GET shows the person, never the reference', async () => {
    const ada = people[0]!;
    const t = teamsOf(fake.state);
    const installsBefore = t.counters.installs;
    const requestsBefore = fake.state.requests.length;
    const created = await api('POST', '/api/v1/org/channels', { type: 'teams-bot', user: ada.mail, name: 'Ada in Teams' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ type: 'teams-bot', name: 'Ada in Teams', target: `${ada.displayName} <${ada.mail}>`, disabled: null });
    expect(t.counters.installs - installsBefore).toBe(1);
    const chat = chatWith(fake.state, ada.id)!;
    expect(await storedConfig(String(created.body.id))).toEqual({
      type: 'teams-bot',
      person: { id: ada.id, displayName: ada.displayName, userPrincipalName: ada.mail },
      installationId: t.installations.find((i) => i.userId === ada.id)!.id,
      conversation: { serviceUrl: `${fake.origin}/teams/`, id: chat.id, tenantId: t.tenantId },
    });
    const listed = await api('GET', '/api/v1/org/channels');
    expect(listed.body.items).toContainEqual(created.body);
    // The reference's own values, not a pattern: a pattern like /19:/ also matches a createdAt at 01:19.
    const shown = JSON.stringify(listed.body);
    for (const secret of [chat.id, t.installations.find((i) => i.userId === ada.id)!.id, fake.origin, 'installation', 'serviceUrl']) {
      expect(shown).not.toContain(secret);
    }
    // The exact Graph requests: the person, the installation filtered to the app, the install, the list again, the chat.
    const graphPaths = fake.state.requests.slice(requestsBefore).filter((r) => r.path.startsWith('/v1.0/users/')).map((r) => `${r.method} ${decodeURIComponent(r.path)}`);
    expect(graphPaths).toEqual([
      `GET /v1.0/users/${ada.mail}?$select=id,displayName,userPrincipalName`,
      `GET /v1.0/users/${ada.id}/teamwork/installedApps?$expand=teamsApp&$filter=teamsApp/id eq '${TEAMS_APP_ID}'`,
      `POST /v1.0/users/${ada.id}/teamwork/installedApps`,
      `GET /v1.0/users/${ada.id}/teamwork/installedApps?$expand=teamsApp&$filter=teamsApp/id eq '${TEAMS_APP_ID}'`,
      `GET /v1.0/users/${ada.id}/teamwork/installedApps/${t.installations.find((i) => i.userId === ada.id)!.id}/chat?$select=id,tenantId`,
    ]);
    expect(t.problems).toEqual([]);
  });

  it('does not install again for a person who has the app (found by Entra id), and writes to the chat that exists', async () => {
    const bo = people[1]!;
    const existing = preinstall(fake.state, bo.id);
    const installsBefore = teamsOf(fake.state).counters.installs;
    const created = await api('POST', '/api/v1/org/channels', { type: 'teams-bot', user: bo.id });
    expect(created.status).toBe(201);
    expect(teamsOf(fake.state).counters.installs).toBe(installsBefore);
    expect(await storedConfig(String(created.body.id))).toMatchObject({ installationId: existing.id, conversation: { id: existing.chatId } });
  });

  it("a status change under an organisation rule arrives in the person's chat as the card, with the words as its summary", async () => {
    const cy = people[2]!;
    const channel = (await api('POST', '/api/v1/org/channels', { type: 'teams-bot', user: cy.mail })).body;
    expect((await api('PUT', '/api/v1/org/rules', { rules: [{ channelId: channel.id, when: 'busy', person: cy.mail }] })).status).toBe(200);
    await setStatus(cy.mail, 'Available');
    await setStatus(cy.mail, 'Busy');
    const chat = chatWith(fake.state, cy.id)!;
    const [arrived] = await until(() => (chat.activities.length ? chat.activities : null), 'the card in the chat');
    const activity = arrived!.activity as { summary: string; attachments: { contentType: string; content: { version: string; body: { text?: string }[] } }[] };
    expect(activity.summary).toBe(`${cy.displayName}: Busy: Now busy.`);
    expect(activity.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(activity.attachments[0]!.content.body[0]!.text).toBe(`${cy.displayName}: Busy`);
    expect(cardProblems(activity.attachments[0]!.content)).toEqual([]);
    expect(teamsOf(fake.state).problems).toEqual([]);
    const deliveries = await until(async () => ((await api('GET', `/api/v1/org/channels/${channel.id}/deliveries`)).body.items ?? []).find((d) => d.state === 'delivered'), 'the delivery record');
    expect(deliveries).toMatchObject({ attempts: 1 });
  });

  it('a burst of 20 events to one conversation all arrive without Teams ever answering 429; waiting for a place is no failed attempt', async () => {
    const dee = people[3]!;
    const channel = (await api('POST', '/api/v1/org/channels', { type: 'teams-bot', user: dee.mail })).body;
    const throttledBefore = teamsOf(fake.state).counters.throttled;
    const sent = await Promise.all(Array.from({ length: 20 }, () => api('POST', `/api/v1/org/channels/${channel.id}/test`, {})));
    expect(sent.map((s) => s.status)).toEqual(Array(20).fill(202));
    const chat = chatWith(fake.state, dee.id)!;
    await until(() => chat.activities.length === 20, 'all 20 cards in the chat', 30_000);
    expect(teamsOf(fake.state).counters.throttled).toBe(throttledBefore);
    const records = await until(async () => {
      const items = (await api('GET', `/api/v1/org/channels/${channel.id}/deliveries`)).body.items ?? [];
      return items.length === 20 ? items : null;
    }, 'a delivery record for each');
    expect(records.every((r) => r.state === 'delivered' && r.attempts === 1)).toBe(true);
    expect((await metrics()).some((m) => m.labels.channel_type === 'teams-bot' && m.labels.outcome === 'postponed' && m.value > 0)).toBe(true);
    expect(teamsOf(fake.state).problems).toEqual([]);
  });

  it('a person who blocked the bot turns the channel off with a reason the admin reads; nothing more is sent to them', async () => {
    const eve = people[4]!;
    const channel = (await api('POST', '/api/v1/org/channels', { type: 'teams-bot', user: eve.mail })).body;
    expect((await api('PUT', '/api/v1/org/rules', { rules: [{ channelId: channel.id, when: 'any-change', person: eve.mail }] })).status).toBe(200);
    chatWith(fake.state, eve.id)!.blocked = 'MessageWritesBlocked';
    expect((await api('POST', `/api/v1/org/channels/${channel.id}/test`, {})).status).toBe(202);
    const off = await until(async () => ((await api('GET', '/api/v1/org/channels')).body.items ?? []).find((c) => c.id === channel.id && c.disabled), 'the channel turned off');
    expect((off.disabled as { reason: string }).reason).toMatch(/blocked or removed the Teams app \(MessageWritesBlocked\)/);
    const dead = await until(async () => ((await api('GET', `/api/v1/org/channels/${channel.id}/deliveries`)).body.items ?? []).find((d) => d.state === 'dead'), 'the dead delivery');
    expect(dead).toMatchObject({ attempts: 1, lastError: 'the Bot Connector answered 403 MessageWritesBlocked' });
    const refusals = teamsOf(fake.state).counters.blockedRefusals;
    const dropped = () => metrics().then((all) => all.find((m) => m.labels.channel_type === 'teams-bot' && m.labels.outcome === 'dropped')?.value ?? 0);
    const droppedBefore = await dropped();
    await setStatus(eve.mail, 'Away');
    await until(async () => (await dropped()) > droppedBefore, "the rule's event dropped for the off channel");
    expect(teamsOf(fake.state).counters.blockedRefusals).toBe(refusals);
    const test = await api('POST', `/api/v1/org/channels/${channel.id}/test`, {});
    expect(test.status).toBe(422);
    expect(test.body).toMatchObject({ error: { code: 'unreachable_channel' } });
  });

  it("is the organisation's only: a person's own channels and watches refuse it in words", async () => {
    const me = await member(people[0]!.mail);
    const own = await api('POST', '/api/v1/me/channels', { type: 'teams-bot', user: people[0]!.mail }, me.token);
    expect(own.status).toBe(400);
    expect(own.body).toMatchObject({ error: { code: 'invalid_field', field: 'type', message: "teams-bot channels are the organisation's: an admin creates them under /api/v1/org/channels" } });
    const watch = await api('POST', `/api/v1/s/${me.share.id}/watches`, { when: 'available', channel: { type: 'teams-bot', user: people[0]!.mail } }, null);
    expect(watch.status).toBe(400);
    expect((watch.body.error as { message: string }).message).toMatch(/channel\.type must be one of webhook, ntfy, web-push \(teams-workflow and teams-bot channels/);
  });

  it('refuses in words, storing nothing: someone not in the directory, an app missing from the catalog', async () => {
    const before = (await api('GET', '/api/v1/org/channels')).body.items!.length;
    const nobody = await api('POST', '/api/v1/org/channels', { type: 'teams-bot', user: 'nobody@contoso.example' });
    expect(nobody.status).toBe(422);
    expect(nobody.body).toMatchObject({ error: { code: 'unknown_person', field: 'user' } });
    const t = teamsOf(fake.state);
    const app = t.catalog.get(TEAMS_APP_ID)!;
    const [fresh] = addPeople(fake.state, 1, 50);
    t.catalog.delete(TEAMS_APP_ID);
    try {
      const missing = await api('POST', '/api/v1/org/channels', { type: 'teams-bot', user: fresh!.mail });
      expect(missing.status).toBe(502);
      expect((missing.body.error as { code: string; message: string }).message).toMatch(/TEAMS_APP_ID\) is not in the organisation's app catalog/);
    } finally {
      t.catalog.set(TEAMS_APP_ID, app);
    }
    const bad = await api('POST', '/api/v1/org/channels', { type: 'teams-bot', user: 'not an email' });
    expect(bad.status).toBe(400);
    expect((await api('GET', '/api/v1/org/channels')).body.items!.length).toBe(before);
  });
});

describe('a relay without the Teams bot set up', () => {
  let relay: NotifyRelay;
  beforeAll(async () => (relay = await startNotifyRelay()));
  afterAll(() => relay?.close());

  it('refuses the channel in words naming the settings to make', async () => {
    const res = await call(relay.url, 'POST', '/api/v1/org/channels', ADMIN, { type: 'teams-bot', user: 'ada@contoso.example' });
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({ error: { code: 'not_configured', field: 'type' } });
    expect((res.json.error as { message: string }).message).toMatch(/set TEAMS_APP_ID .* with GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET or GRAPH_CLIENT_CERTIFICATE/);
    expect((await call(relay.url, 'GET', '/api/v1/org/channels', ADMIN)).json.items).toEqual([]);
  });
});
