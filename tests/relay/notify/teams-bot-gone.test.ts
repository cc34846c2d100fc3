import { describe, expect, it } from 'vitest';
import { refusedActivity } from '../../../relay/notify/teams-bot/bot-connector-errors';
import { orgOf } from '../../fakes/microsoft/org-model';
import { chatWith, teamsOf, uninstall, type BlockedCode } from '../../fakes/microsoft/teams-model';
import { until } from '../../support/until';
import { admin, botRelayBlock } from './teams-bot-relay';

// A conversation the bot can never write to again, however Teams says it, turns the channel off
// after one attempt with words the admin can act on, instead of being retried until it dies.

describe('the Teams bot channel when the conversation is closed to it', () => {
  const block = botRelayBlock(true, 3);
  const person = (i: number) => [...orgOf(block.fake.state).people.values()][i]!;
  const channels = async () => (await admin(block.relay.url, 'GET', '/api/v1/org/channels')).body.items ?? [];
  const deadDelivery = (id: unknown) => until(async () => ((await admin(block.relay.url, 'GET', `/api/v1/org/channels/${String(id)}/deliveries`)).body.items ?? []).find((d) => d.state === 'dead'), 'the dead delivery');
  const turnedOff = (id: unknown) => until(async () => (await channels()).find((c) => c.id === id && c.disabled), 'the channel turned off');

  it.each<[BlockedCode, number]>([
    ['ConversationBlockedByUser', 0],
    ['BotNotInConversationRoster', 1],
  ])('a 403 %s turns the channel off after one attempt, naming the code', async (code, i) => {
    const p = person(i);
    const channel = (await admin(block.relay.url, 'POST', '/api/v1/org/channels', { type: 'teams-bot', user: p.mail })).body;
    chatWith(block.fake.state, p.id)!.blocked = code;
    expect((await admin(block.relay.url, 'POST', `/api/v1/org/channels/${String(channel.id)}/test`, {})).status).toBe(202);
    const off = await turnedOff(channel.id);
    expect((off.disabled as { reason: string }).reason).toBe(`the person blocked or removed the Teams app (${code}); once they unblock it, delete this channel and create it again`);
    expect(await deadDelivery(channel.id)).toMatchObject({ attempts: 1, lastError: `the Bot Connector answered 403 ${code}` });
    expect(teamsOf(block.fake.state).problems).toEqual([]);
  });

  it('a 404 ConversationNotFound (the app uninstalled for the person) turns the channel off; creating it again installs the app and the card arrives', async () => {
    const p = person(2);
    const t = teamsOf(block.fake.state);
    const channel = (await admin(block.relay.url, 'POST', '/api/v1/org/channels', { type: 'teams-bot', user: p.mail })).body;
    uninstall(block.fake.state, p.id);
    expect(chatWith(block.fake.state, p.id)).toBeUndefined();
    expect((await admin(block.relay.url, 'POST', `/api/v1/org/channels/${String(channel.id)}/test`, {})).status).toBe(202);
    const off = await turnedOff(channel.id);
    expect((off.disabled as { reason: string }).reason).toBe(
      "the person's chat with the Teams app no longer exists (ConversationNotFound): the app may have been uninstalled for them or the chat deleted; delete this channel and create it again, which installs the app for them again",
    );
    expect(await deadDelivery(channel.id)).toMatchObject({ attempts: 1, lastError: 'the Bot Connector answered 404 ConversationNotFound' });
    const test = await admin(block.relay.url, 'POST', `/api/v1/org/channels/${String(channel.id)}/test`, {});
    expect(test.status).toBe(422);
    expect(test.body).toMatchObject({ error: { code: 'unreachable_channel' } });

    expect((await admin(block.relay.url, 'DELETE', `/api/v1/org/channels/${String(channel.id)}`)).status).toBe(204);
    const installs = t.counters.installs;
    const again = (await admin(block.relay.url, 'POST', '/api/v1/org/channels', { type: 'teams-bot', user: p.mail })).body;
    expect(t.counters.installs).toBe(installs + 1);
    expect((await admin(block.relay.url, 'POST', `/api/v1/org/channels/${String(again.id)}/test`, {})).status).toBe(202);
    await until(() => chatWith(block.fake.state, p.id)?.activities.length === 1, 'the card in the new chat');
    expect(t.problems).toEqual([]);
  });
});

describe('the rule for Bot Connector refusals', () => {
  const now = Date.parse('2026-01-05T09:00:00Z');

  it('a 404 without ConversationNotFound fails that delivery only: a wrong service URL must not turn every channel off', () => {
    const attempt = refusedActivity(404, '', undefined, now);
    expect(attempt).toMatchObject({ retry: false, error: 'the Bot Connector answered HTTP 404' });
    expect(attempt).not.toHaveProperty('disable');
  });

  it('MessageWritesBlocked under innerHttpError turns it off; a 403 without a blocking code, or a 400, is neither retried nor turned off', () => {
    expect(refusedActivity(403, JSON.stringify({ error: { code: 'Forbidden', innerHttpError: { body: { subCode: 'MessageWritesBlocked' } } } }), undefined, now).disable).toMatch(/\(MessageWritesBlocked\)/);
    for (const [status, code] of [[403, 'BotDisabledByAdmin'], [400, 'BadArgument']] as const) {
      const attempt = refusedActivity(status, JSON.stringify({ error: { code } }), undefined, now);
      expect(attempt).toMatchObject({ retry: false, error: `the Bot Connector answered HTTP ${status} ${code}` });
      expect(attempt.disable).toBeUndefined();
    }
  });

  it.each([408, 412, 429, 500, 502, 503, 504])('an answer %i is retried, after its Retry-After', (status) => {
    expect(refusedActivity(status, '{"error":{"code":"ServiceError"}}', '7', now)).toEqual({ outcome: 'failed', error: `the Bot Connector answered HTTP ${status} ServiceError`, retry: true, retryAfterMs: 7000 });
  });
});
