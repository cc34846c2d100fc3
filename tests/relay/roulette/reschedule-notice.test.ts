import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryRecord, InviteResponse, RegisterResponse, RescheduleEvent, RouletteRoundView, RouletteSlot } from '../../../core';
import type { Store } from '../../../relay/store/store';
import { addPeople, orgOf } from '../../fakes/microsoft/org-model';
import { setWorkingHours } from '../../fakes/microsoft/org-working-hours';
import { startMicrosoftFake, type MicrosoftFake } from '../../fakes/microsoft/server';
import { fakeNtfy, type NtfyPublish } from '../../fakes/notify/ntfy';
import { FakeReceiver } from '../../fakes/notify/receiver';
import { fakeWorkflows, workflowProblems } from '../../fakes/notify/workflows';
import { rosterFromFake, startJobsRelay } from '../../support/jobs-relay';
import { adminHeaders } from '../../support/org-relay';
import { until } from '../../support/until';
import { embeddedFactory, storeForBlock } from '../store-factories';

const DAY = 86_400_000;
const WEEK_OF = (() => {
  const d = new Date(Date.now() + 14 * DAY);
  return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY).toISOString().slice(0, 10);
})();

type Card = { version: string; body: { facts?: { value: string }[]; text?: string }[]; actions: { type: string; url: string }[] };

describe('"suggest another time" reaches the other members through their own notification channels', () => {
  const factory = embeddedFactory();
  const hook = new FakeReceiver((_req, all) => ({ status: all.length === 1 ? 503 : 200 }));
  const workflows = fakeWorkflows();
  const ntfy = fakeNtfy();
  let fake: MicrosoftFake;
  let store: Store;
  let base: string;
  let close: () => Promise<void>;

  /** As the admin, as a person (their token), or as nobody (null). */
  const api = async (method: string, path: string, body?: unknown, token?: string | null) => {
    const json = { 'content-type': 'application/json' };
    const headers = token === undefined ? adminHeaders(json) : token === null ? json : { ...json, authorization: `Bearer ${token}` };
    const res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  };
  /** A roster person's own token, through an invite as people really join. */
  const tokenOf = async (email: string) => {
    const invite = (await api('POST', `/api/v1/org/people/${encodeURIComponent(email)}/invite`, {})).body as unknown as InviteResponse;
    return ((await api('POST', `/api/v1/invites/${invite.code}`, {}, null)).body as unknown as RegisterResponse).token;
  };

  storeForBlock(factory, (opened) => (store = opened));
  beforeAll(async () => {
    await Promise.all([hook.start(), workflows.start(), ntfy.start()]);
    fake = await startMicrosoftFake();
    for (const p of addPeople(fake.state, 3)) setWorkingHours(p, { daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], startTime: '09:00:00.0000000', endTime: '17:00:00.0000000', timeZone: { name: 'GMT Standard Time' } });
    orgOf(fake.state).switches.roles.push('Calendars.ReadWrite');
    await rosterFromFake(store, fake);
    ({ url: base, close } = await startJobsRelay(store, fake, { CALENDAR_SYNC_MINUTES: '0', PRESENCE_SYNC_SECONDS: '0', NOTIFY_ALLOW_PRIVATE_NETWORKS: 'true', NOTIFY_POLL_MS: '50', NOTIFY_RETRY_BASE_MS: '50' }));
  });
  afterAll(async () => {
    await close?.();
    await fake?.close();
    await Promise.all([hook.stop(), workflows.stop(), ntfy.stop()]);
  });

  it('sends the webhook JSON (retried under one id), an Adaptive Card 1.5 to Teams and an ntfy message, and names who has no channel', async () => {
    const round = (await api('POST', '/api/v1/org/roulette/rounds', { weekOf: WEEK_OF })).body as unknown as RouletteRoundView;
    const [by, partner, silent] = round.pairs[0]!.people as [string, string, string]; // three people: one trio
    const token = await tokenOf(partner);
    const webhook = await api('POST', '/api/v1/me/channels', { type: 'webhook', url: `${hook.url}/roulette` }, token);
    expect(webhook.status).toBe(201);
    expect((await api('POST', '/api/v1/me/channels', { type: 'teams-workflow', url: `${workflows.url}/workflows/r/triggers/manual/paths/invoke?sig=s` }, token)).status).toBe(201);
    expect((await api('POST', '/api/v1/me/channels', { type: 'ntfy', url: `${ntfy.url}/roulette-topic` }, token)).status).toBe(201);

    const offer = await api('POST', `/api/v1/org/roulette/rounds/${round.id}/groups/0/reschedule`, { by });
    expect(offer.status).toBe(200);
    expect(offer.body).toMatchObject({ notified: [partner], notNotified: [silent] });
    const url = String(offer.body.url);
    const slots = offer.body.slots as RouletteSlot[];

    // Webhook: the event as JSON, signed; the first answer was 503, the retry carries the same id.
    const [first, second] = await hook.waitFor(2, () => true, 'webhook attempts');
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    const payload = second!.body.toString('utf8');
    const event = new Webhook(String(webhook.body.secret)).verify(payload, {
      'webhook-id': String(second!.headers['webhook-id']),
      'webhook-timestamp': String(second!.headers['webhook-timestamp']),
      'webhook-signature': String(second!.headers['webhook-signature']),
    }) as RescheduleEvent;
    expect(event).toMatchObject({ type: 'roulette.reschedule', id: second!.headers['webhook-id'], by, url, slots, expiresAt: offer.body.expiresAt });
    const records = await until(async () => {
      const items = (await api('GET', `/api/v1/me/channels/${String(webhook.body.id)}/deliveries`, undefined, token)).body.items as DeliveryRecord[];
      return items.find((r) => r.state === 'delivered') ? items : null;
    }, 'the webhook delivery record');
    expect(records.find((r) => r.state === 'delivered')).toMatchObject({ eventId: event.id, attempts: 2 });

    // Teams: a card the Adaptive Cards library accepts, the times as facts, one button to the page.
    const [post] = await workflows.waitFor(1, () => true, 'Workflows posts');
    expect(workflowProblems(post!)).toEqual([]);
    const card = (JSON.parse(post!.body.toString('utf8')) as { attachments: { content: Card }[] }).attachments[0]!.content;
    expect(card.version).toBe('1.5');
    expect(card.body.find((b) => b.facts)!.facts).toHaveLength(slots.length);
    expect(card.body.some((b) => b.text?.includes(by))).toBe(true);
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Pick a time', url }]);

    // ntfy: words with the asker and a tap that opens the page.
    const [pub] = await ntfy.waitFor(1, () => true, 'ntfy publishes');
    const msg = JSON.parse(pub!.body.toString('utf8')) as NtfyPublish;
    expect(msg).toMatchObject({ topic: 'roulette-topic', click: url });
    expect(msg.message).toContain(by);

    // Nobody else heard anything: the asker and the member without channels get no deliveries.
    expect(hook.requests).toHaveLength(2);
    expect(workflows.requests).toHaveLength(1);
    expect(ntfy.requests).toHaveLength(1);
  });
});
