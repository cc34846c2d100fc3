import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotifyEvent } from '../../../core';
import type { Resolver } from '../../../relay/notify/ssrf/resolver';
import { fakeNtfy, type NtfyPublish } from '../../fakes/notify/ntfy';
import { FakeReceiver } from '../../fakes/notify/receiver';
import { until } from '../../support/until';
import { call, person, startNotifyRelay, type NotifyRelay } from './notify-support';

const deliveries = (relay: NotifyRelay, token: string, id: unknown) => call(relay.url, 'GET', `/api/v1/me/channels/${String(id)}/deliveries`, token);

describe('delivery: retries, dead letters, debounce', () => {
  let relay: NotifyRelay;
  let flaky: FakeReceiver;

  beforeAll(async () => {
    flaky = await new FakeReceiver(() => ({ status: 204 })).start();
    relay = await startNotifyRelay({ NOTIFY_MAX_ATTEMPTS: '3' });
  });
  afterAll(async () => {
    await relay?.close();
    await flaky?.stop();
  });

  it('a receiver that fails for a while gets the same event (same webhook-id) until it takes it, no sooner than its Retry-After', async () => {
    const ada = await person(relay.url);
    flaky.respond((req, all) => (all.filter((r) => r.path === req.path).length <= 2 ? { status: 503, headers: { 'Retry-After': '1' } } : { status: 200 }));
    const ch = await call(relay.url, 'POST', '/api/v1/me/channels', ada.token, { type: 'webhook', url: `${flaky.url}/retry` });
    await call(relay.url, 'PUT', '/api/v1/me/rules', ada.token, { rules: [{ channelId: ch.json.id, when: 'any-change' }] });
    await ada.manual('Busy');
    const reqs = await flaky.waitFor(3, (r) => r.path === '/retry', 'three attempts');
    expect(new Set(reqs.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(reqs[1]!.at - reqs[0]!.at).toBeGreaterThanOrEqual(990);
    const items = await until(async () => ((await deliveries(relay, ada.token, ch.json.id)).json.items?.[0]?.state === 'delivered' ? (await deliveries(relay, ada.token, ch.json.id)).json.items : null), 'delivered');
    expect(items[0]).toMatchObject({ eventId: reqs[0]!.headers['webhook-id'], state: 'delivered', attempts: 3 });
  });

  it('a receiver that keeps failing: retrying, then dead after the last attempt, kept in the dead letters', async () => {
    const bo = await person(relay.url, 'Bo');
    flaky.respond(() => ({ status: 500 }));
    const ch = await call(relay.url, 'POST', '/api/v1/me/channels', bo.token, { type: 'webhook', url: `${flaky.url}/dead` });
    await call(relay.url, 'PUT', '/api/v1/me/rules', bo.token, { rules: [{ channelId: ch.json.id, when: 'any-change' }] });
    await bo.manual('Away');
    const dead = await until(async () => {
      const item = (await deliveries(relay, bo.token, ch.json.id)).json.items?.[0];
      return item?.state === 'dead' ? item : null;
    }, 'a dead delivery');
    expect(dead).toMatchObject({ attempts: 3, lastError: 'the receiver answered HTTP 500' });
    expect(flaky.requests.filter((r) => r.path === '/dead')).toHaveLength(3);
    const letters = await call(relay.url, 'GET', `/api/v1/me/channels/${String(ch.json.id)}/dead-letters`, bo.token);
    expect(letters.json.items).toEqual([expect.objectContaining({ eventId: dead.eventId, type: 'status.changed', attempts: 3 })]);
  });

  it('a refusal for good (HTTP 400) is not retried', async () => {
    const cy = await person(relay.url, 'Cy');
    flaky.respond(() => ({ status: 400 }));
    const ch = await call(relay.url, 'POST', '/api/v1/me/channels', cy.token, { type: 'webhook', url: `${flaky.url}/gone` });
    await call(relay.url, 'POST', `/api/v1/me/channels/${String(ch.json.id)}/test`, cy.token);
    const item = await until(async () => (await deliveries(relay, cy.token, ch.json.id)).json.items?.[0], 'a record');
    expect(item).toMatchObject({ state: 'dead', attempts: 1 });
  });

  it('debounce: in and out of a call within the rule’s delay sends nothing; a call that lasts is sent once', async () => {
    const dee = await person(relay.url, 'Dee');
    flaky.respond(() => ({ status: 204 }));
    const ch = await call(relay.url, 'POST', '/api/v1/me/channels', dee.token, { type: 'webhook', url: `${flaky.url}/debounce` });
    // Three seconds: the delay counts from each change's arrival, so the next PUT must come sooner
    // even on a machine busy with other suites.
    await call(relay.url, 'PUT', '/api/v1/me/rules', dee.token, { rules: [{ channelId: ch.json.id, when: 'call-started', debounceSeconds: 3 }] });
    await dee.call(true);
    await dee.call(false);
    await dee.call(true);
    await dee.call(false);
    // The sentinel: a call that stays. Its delivery comes after the flapping ones would have.
    await dee.call(true);
    const [req] = await flaky.waitFor(1, (r) => r.path === '/debounce');
    await until(async () => (await deliveries(relay, dee.token, ch.json.id)).json.items?.length === 1, 'the one record');
    expect(flaky.requests.filter((r) => r.path === '/debounce')).toHaveLength(1);
    expect(flaky.json<NotifyEvent>(req!)).toMatchObject({ type: 'status.changed', status: { availability: 'Busy' } });
  });
});

describe('watches', () => {
  let relay: NotifyRelay;
  const ntfy = fakeNtfy();

  beforeAll(async () => {
    await ntfy.start();
    relay = await startNotifyRelay();
  });
  afterAll(async () => {
    await relay?.close();
    await ntfy.stop();
  });

  it('fires once when the person is free, then is gone; the owner saw it meanwhile', async () => {
    const ada = await person(relay.url);
    await ada.manual('Busy');
    const made = await call(relay.url, 'POST', `/api/v1/s/${ada.share.id}/watches`, null, { when: 'available', channel: { type: 'ntfy', url: `${ntfy.url}/tell-me-ada` }, expiresInMinutes: 60 });
    expect(made.status).toBe(201);
    expect(Date.parse(String(made.json.expiresAt)) - Date.now()).toBeGreaterThan(59 * 60_000);
    const owner = await call(relay.url, 'GET', '/api/v1/me/watches', ada.token);
    expect(owner.json.items).toEqual([expect.objectContaining({ id: made.json.id, when: 'available', channel: { type: 'ntfy', target: `${ntfy.url}/tell-me-ada` } })]);
    await ada.manual('Away');
    await ada.manual('Available');
    const [req] = await ntfy.waitFor(1, (r) => r.body.includes('tell-me-ada'));
    expect(ntfy.json<NtfyPublish>(req!)).toMatchObject({ topic: 'tell-me-ada', title: 'Ada is free now', priority: 4 });
    await until(async () => (await call(relay.url, 'GET', '/api/v1/me/watches', ada.token)).json.items?.length === 0, 'the watch gone');
    await ada.manual('Busy');
    await ada.manual('Available');
    // Another watch's delivery marks the moment any second firing of the first would have come.
    await call(relay.url, 'POST', `/api/v1/s/${ada.share.id}/watches`, null, { when: 'available', channel: { type: 'ntfy', url: `${ntfy.url}/sentinel` } });
    await ada.manual('Busy');
    await ada.manual('Available');
    await ntfy.waitFor(1, (r) => r.body.includes('sentinel'));
    expect(ntfy.requests.filter((r) => r.body.includes('tell-me-ada'))).toHaveLength(1);
  });

  it('a rotated share ends its watches; the owner can delete one; bad requests are refused in words', async () => {
    const bo = await person(relay.url, 'Bo');
    const a = await call(relay.url, 'POST', `/api/v1/s/${bo.share.id}/watches`, null, { when: 'call-ended', channel: { type: 'ntfy', url: `${ntfy.url}/bo1` } });
    const b = await call(relay.url, 'POST', `/api/v1/s/${bo.share.id}/watches`, null, { when: 'available', channel: { type: 'ntfy', url: `${ntfy.url}/bo2` } });
    expect((await call(relay.url, 'DELETE', `/api/v1/me/watches/${String(a.json.id)}`, bo.token)).status).toBe(204);
    expect((await call(relay.url, 'GET', '/api/v1/me/watches', bo.token)).json.items?.map((w) => w.id)).toEqual([b.json.id]);
    await call(relay.url, 'POST', '/api/v1/me/share', bo.token, { rotate: true });
    await until(async () => (await call(relay.url, 'GET', '/api/v1/me/watches', bo.token)).json.items?.length === 0, 'watches ended by the rotation');
    expect((await call(relay.url, 'POST', `/api/v1/s/${bo.share.id}/watches`, null, { when: 'available', channel: { type: 'ntfy', url: `${ntfy.url}/x` } })).status).toBe(404);
    const fresh = (await call(relay.url, 'POST', '/api/v1/me/share', bo.token, {})).json.id as string;
    const bad = await call(relay.url, 'POST', `/api/v1/s/${fresh}/watches`, null, { when: 'soon', channel: { type: 'ntfy', url: `${ntfy.url}/x` } });
    expect(bad).toMatchObject({ status: 400, json: { error: { field: 'when' } } });
    const teams = await call(relay.url, 'POST', `/api/v1/s/${fresh}/watches`, null, { when: 'available', channel: { type: 'teams-workflow', url: `${ntfy.url}/x` } });
    expect(teams.status).toBe(400);
    expect((await call(relay.url, 'POST', `/api/v1/s/${fresh}/watches`, null, { when: 'available', channel: { type: 'ntfy', url: `${ntfy.url}/x` }, expiresInMinutes: 2000 })).status).toBe(400);
  });
});

describe('SSRF at the API (private networks not allowed)', () => {
  let relay: NotifyRelay;
  let hook: FakeReceiver;
  let answers: Record<string, string[]>;
  const resolver: Resolver = async (host) => {
    const list = answers[host];
    if (!list?.length) throw new Error('ENOTFOUND');
    return [{ address: list.length > 1 ? list.shift()! : list[0]!, family: 4 }];
  };

  beforeAll(async () => {
    hook = await new FakeReceiver(() => ({ status: 204 })).start();
    relay = await startNotifyRelay({ NOTIFY_ALLOW_PRIVATE_NETWORKS: 'false', NOTIFY_ALLOW_ADDRESSES: '127.0.0.1', NOTIFY_MAX_ATTEMPTS: '1' }, { resolver });
  });
  afterAll(async () => {
    await relay?.close();
    await hook?.stop();
  });

  it('refuses a channel or watch whose URL resolves to a private or metadata address: 422 blocked_address', async () => {
    answers = { 'metadata.example': ['169.254.169.254'], 'lan.example': ['192.168.1.20'] };
    const ada = await person(relay.url);
    const ch = await call(relay.url, 'POST', '/api/v1/me/channels', ada.token, { type: 'webhook', url: 'http://metadata.example/latest' });
    expect(ch).toMatchObject({ status: 422, json: { error: { code: 'blocked_address', field: 'url' } } });
    expect(String((ch.json.error as { message: string }).message)).toContain('169.254.169.254');
    const literal = await call(relay.url, 'POST', '/api/v1/me/channels', ada.token, { type: 'ntfy', url: 'http://[::ffff:10.0.0.1]/topic' });
    expect(literal.json).toMatchObject({ error: { code: 'blocked_address' } });
    const watch = await call(relay.url, 'POST', `/api/v1/s/${ada.share.id}/watches`, null, { when: 'available', channel: { type: 'webhook', url: 'http://lan.example/hook' } });
    expect(watch).toMatchObject({ status: 422, json: { error: { code: 'blocked_address', field: 'channel.url' } } });
    const nowhere = await call(relay.url, 'POST', '/api/v1/me/channels', ada.token, { type: 'webhook', url: 'http://nowhere.example/' });
    expect(nowhere.json).toMatchObject({ error: { code: 'unresolvable_host' } });
  });

  it('checks again at delivery time: a name that rebinds to a private address after registration is not called', async () => {
    const port = new URL(hook.url).port;
    answers = { 'rebind.example': ['127.0.0.1', '10.0.0.9'] };
    const bo = await person(relay.url, 'Bo');
    const ch = await call(relay.url, 'POST', '/api/v1/me/channels', bo.token, { type: 'webhook', url: `http://rebind.example:${port}/hook` });
    expect(ch.status).toBe(201);
    await call(relay.url, 'POST', `/api/v1/me/channels/${String(ch.json.id)}/test`, bo.token);
    const item = await until(async () => (await call(relay.url, 'GET', `/api/v1/me/channels/${String(ch.json.id)}/deliveries`, bo.token)).json.items?.[0], 'a record');
    expect(item).toMatchObject({ state: 'dead', lastError: 'rebind.example resolves to 10.0.0.9, a private address; the relay does not call such addresses' });
    expect(hook.requests).toHaveLength(0);
  });
});
