import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotifyEvent } from '../../../core';
import { fakeNtfy, type NtfyPublish } from '../../fakes/notify/ntfy';
import { fakePushService } from '../../fakes/notify/push-service';
import { FakeReceiver } from '../../fakes/notify/receiver';
import { fakeWorkflows, workflowProblems } from '../../fakes/notify/workflows';
import { until } from '../../support/until';
import { ADMIN, call, person, startNotifyRelay, type NotifyRelay } from './notify-support';

describe('notification channels', () => {
  let relay: NotifyRelay;
  const hook = new FakeReceiver(() => ({ status: 204 }));
  const workflows = fakeWorkflows();
  const ntfy = fakeNtfy('tk_secret');
  const push = fakePushService();

  beforeAll(async () => {
    await Promise.all([hook.start(), workflows.start(), ntfy.start(), push.receiver.start()]);
    relay = await startNotifyRelay();
  });
  afterAll(async () => {
    await relay?.close();
    await Promise.all([hook.stop(), workflows.stop(), ntfy.stop(), push.receiver.stop()]);
  });

  it('webhook: the secret is shown once; a change is signed per Standard Webhooks and verifies with its verifier', async () => {
    const ada = await person(relay.url);
    const created = await call(relay.url, 'POST', '/api/v1/me/channels', ada.token, { type: 'webhook', url: `${hook.url}/ada` });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ type: 'webhook', target: `${hook.url}/ada`, disabled: null });
    const secret = created.json.secret as string;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const listed = await call(relay.url, 'GET', '/api/v1/me/channels', ada.token);
    expect(listed.json.items).toHaveLength(1);
    expect(JSON.stringify(listed.json)).not.toContain(secret);
    expect((await call(relay.url, 'PUT', '/api/v1/me/rules', ada.token, { rules: [{ channelId: created.json.id, when: 'any-change' }] })).status).toBe(200);

    await ada.manual('DoNotDisturb', 'Focus time');
    const [req] = await hook.waitFor(1, (r) => r.path === '/ada');
    const payload = req!.body.toString('utf8');
    const verified = new Webhook(secret).verify(payload, {
      'webhook-id': String(req!.headers['webhook-id']),
      'webhook-timestamp': String(req!.headers['webhook-timestamp']),
      'webhook-signature': String(req!.headers['webhook-signature']),
    }) as NotifyEvent;
    expect(verified).toMatchObject({ type: 'status.changed', person: { displayName: 'Ada' }, status: { availability: 'DoNotDisturb', level: 'basic' } });
    expect(req!.headers['webhook-id']).toBe(verified.id);
    // The share is at level basic: the message is not in the event.
    expect(verified.status).not.toHaveProperty('message');
    expect(() => new Webhook(secret).verify(payload.replace('DoNotDisturb', 'Available'), { ...(req!.headers as Record<string, string>) })).toThrow();

    const deliveries = await until(async () => {
      const d = await call(relay.url, 'GET', `/api/v1/me/channels/${String(created.json.id)}/deliveries`, ada.token);
      return d.json.items?.[0]?.state === 'delivered' ? d.json.items : null;
    }, 'the delivery record');
    expect(deliveries[0]).toMatchObject({ eventId: verified.id, state: 'delivered', attempts: 1 });
    // Counted just after the record is written.
    await until(async () => /relay_notify_deliveries_total\{channel_type="webhook",outcome="delivered"\} [1-9]/.test(await (await fetch(`${relay.url}/metrics`)).text()), 'the delivery counted');
  });

  it('rules must name the owner’s own channels; unknown types and bad URLs are refused in words', async () => {
    const bo = await person(relay.url, 'Bo');
    const bad = await call(relay.url, 'PUT', '/api/v1/me/rules', bo.token, { rules: [{ channelId: 'ch_nope', when: 'busy' }] });
    expect(bad).toMatchObject({ status: 400, json: { error: { code: 'invalid_field', field: 'rules.0.channelId' } } });
    const type = await call(relay.url, 'POST', '/api/v1/me/channels', bo.token, { type: 'pager', url: 'https://x.example' });
    expect(type.status).toBe(400);
    expect(JSON.stringify(type.json)).toContain('webhook, teams-workflow, ntfy, web-push');
    expect((await call(relay.url, 'POST', '/api/v1/me/channels', bo.token, { type: 'webhook', url: 'ftp://x.example' })).status).toBe(400);
    expect((await call(relay.url, 'POST', '/api/v1/me/channels', null, { type: 'webhook', url: hook.url })).status).toBe(401);
    expect((await call(relay.url, 'DELETE', '/api/v1/me/channels/ch_nope', bo.token)).status).toBe(404);
  });

  it('teams-workflow: the test route sends an Adaptive Card 1.5 message the Workflows trigger takes (202, empty body)', async () => {
    const cy = await person(relay.url, 'Cy');
    const ch = await call(relay.url, 'POST', '/api/v1/me/channels', cy.token, { type: 'teams-workflow', url: `${workflows.url}/workflows/abc/triggers/manual/paths/invoke?sig=s3cret` });
    expect(ch.status).toBe(201);
    const test = await call(relay.url, 'POST', `/api/v1/me/channels/${String(ch.json.id)}/test`, cy.token);
    expect(test.status).toBe(202);
    const [req] = await workflows.waitFor(1, (r) => r.path.includes('/workflows/abc/'));
    expect(req!.path).toBe('/workflows/abc/triggers/manual/paths/invoke?sig=s3cret');
    expect(workflowProblems(req!)).toEqual([]);
    const body = workflows.json<{ attachments: { content: { body: { text?: string }[]; actions: { url: string }[] } }[]; event: NotifyEvent }>(req!);
    expect(body.event).toMatchObject({ type: 'test', id: test.json.eventId, person: { displayName: 'Cy' } });
    expect(body.attachments[0]!.content.body[0]!.text).toBe('Test from Teams Status: Cy is Unknown');
    expect(body.attachments[0]!.content.actions[0]!.url).toBe(`https://status.example.test/s/${cy.share.id}`);
    await until(async () => (await call(relay.url, 'GET', `/api/v1/me/channels/${String(ch.json.id)}/deliveries`, cy.token)).json.items?.[0]?.state === 'delivered', 'delivered');
  });

  it('teams-workflow: a trigger that answers anything but 202 with no body is a failed delivery, said in words', async () => {
    const odd = new FakeReceiver(() => ({ status: 200, body: 'ok' }));
    await odd.start();
    try {
      const dee = await person(relay.url, 'Dee');
      const ch = await call(relay.url, 'POST', '/api/v1/me/channels', dee.token, { type: 'teams-workflow', url: `${odd.url}/flow` });
      await call(relay.url, 'POST', `/api/v1/me/channels/${String(ch.json.id)}/test`, dee.token);
      const items = await until(async () => {
        const d = await call(relay.url, 'GET', `/api/v1/me/channels/${String(ch.json.id)}/deliveries`, dee.token);
        return d.json.items?.[0]?.state === 'dead' ? d.json.items : null;
      }, 'a dead delivery');
      expect(items[0]!.lastError).toBe('Workflows answered 200 with a body, expected 202 with an empty body');
    } finally {
      await odd.stop();
    }
  });

  it('ntfy: JSON publish with topic, title, message, priority, tags and a click to the share page, with the access token', async () => {
    const ed = await person(relay.url, 'Ed');
    const ch = await call(relay.url, 'POST', '/api/v1/me/channels', ed.token, { type: 'ntfy', url: `${ntfy.url}/ed-calls`, token: 'tk_secret' });
    expect(ch.status).toBe(201);
    await call(relay.url, 'PUT', '/api/v1/me/rules', ed.token, { rules: [{ channelId: ch.json.id, when: 'call-started' }] });
    await ed.call(false);
    await ed.call(true);
    const [req] = await ntfy.waitFor(1, (r) => r.body.includes('ed-calls'));
    expect(req!.headers.authorization).toBe('Bearer tk_secret');
    expect(ntfy.json<NtfyPublish>(req!)).toEqual({
      topic: 'ed-calls',
      // Ed's share is at level basic: the words say busy, never "in a call".
      title: 'Ed: Busy',
      message: 'Now busy.',
      priority: 3,
      tags: ['red_circle', 'status.changed'],
      click: `https://status.example.test/s/${ed.share.id}`,
    });
    // Only the call starting was asked for: the first report (no call) sent nothing.
    expect(ntfy.requests.filter((r) => r.body.includes('ed-calls'))).toHaveLength(1);
  });

  it('web-push: VAPID keys kept by the relay, payload encrypted for the browser; a withdrawn subscription turns the channel off', async () => {
    const fay = await person(relay.url, 'Fay');
    const key = await call(relay.url, 'GET', '/vapid-public-key', null);
    expect(key.json.key).toMatch(/^[A-Za-z0-9_-]{87}$/);
    const subscription = push.subscribe('/push/fay');
    const ch = await call(relay.url, 'POST', '/api/v1/me/channels', fay.token, { type: 'web-push', subscription });
    expect(ch.json.target).toBe(push.receiver.url);
    await call(relay.url, 'POST', `/api/v1/me/channels/${String(ch.json.id)}/test`, fay.token);
    await until(() => push.checked.length > 0, 'a push');
    const [got] = push.checked;
    expect(got!.vapidKey).toBe(key.json.key);
    expect(got!.claims.aud).toBe(push.receiver.url);
    expect(JSON.parse(got!.payload)).toMatchObject({ title: 'Test from Teams Status: Fay is Unknown', url: `https://status.example.test/s/${fay.share.id}`, event: { type: 'test' } });

    push.withdraw('/push/fay');
    await call(relay.url, 'POST', `/api/v1/me/channels/${String(ch.json.id)}/test`, fay.token);
    const off = await until(async () => (await call(relay.url, 'GET', '/api/v1/me/channels', fay.token)).json.items?.[0]?.disabled, 'the channel turned off');
    expect(off).toMatchObject({ reason: 'the browser withdrew this push subscription; subscribe again from that browser' });
    expect((await call(relay.url, 'POST', `/api/v1/me/channels/${String(ch.json.id)}/test`, fay.token)).json).toMatchObject({ error: { code: 'unreachable_channel' } });
  });

  it('organisation channels need the admin token and follow a roster person by email', async () => {
    expect((await call(relay.url, 'GET', '/api/v1/org/channels', null)).status).toBe(401);
    const created = await call(relay.url, 'POST', '/api/v1/org/channels', ADMIN, { type: 'webhook', url: `${hook.url}/org` });
    expect(created.status).toBe(201);
    expect((await call(relay.url, 'PUT', '/api/v1/org/rules', ADMIN, { rules: [{ channelId: created.json.id, when: 'busy', person: 'oncall@example.test' }] })).status).toBe(200);
    const test = await call(relay.url, 'POST', `/api/v1/org/channels/${String(created.json.id)}/test`, ADMIN);
    expect(test.status).toBe(202);
    const [req] = await hook.waitFor(1, (r) => r.path === '/org');
    expect(hook.json<NotifyEvent>(req!)).toMatchObject({ type: 'test', id: test.json.eventId, person: { displayName: 'Teams Status' } });
  });
});
