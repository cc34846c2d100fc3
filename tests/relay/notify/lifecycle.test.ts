import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../relay/store/store';
import { FakeReceiver } from '../../fakes/notify/receiver';
import { until } from '../../support/until';
import { embeddedFactory, redisFactory, storeForBlock } from '../store-factories';
import { call, person, startNotifyRelay, type NotifyRelay } from './notify-support';

const factories = [embeddedFactory(), redisFactory()];

describe.each(factories)('notifications follow people and relays: $name', (factory) => {
  let store: Store;
  let relay: NotifyRelay;
  let hook: FakeReceiver;

  storeForBlock(factory, (opened) => (store = opened));
  beforeAll(async () => {
    hook = await new FakeReceiver(() => ({ status: 204 })).start();
    relay = await startNotifyRelay({}, { store });
  });
  afterAll(async () => {
    await relay?.close();
    await hook?.stop();
  });

  it('a removed channel takes its rules with it', async () => {
    const cy = await person(relay.url, 'Cy');
    const a = await call(relay.url, 'POST', '/api/v1/me/channels', cy.token, { type: 'webhook', url: `${hook.url}/a` });
    const b = await call(relay.url, 'POST', '/api/v1/me/channels', cy.token, { type: 'webhook', url: `${hook.url}/b` });
    await call(relay.url, 'PUT', '/api/v1/me/rules', cy.token, { rules: [{ channelId: a.json.id, when: 'busy' }, { channelId: b.json.id, when: 'available' }] });
    expect((await call(relay.url, 'DELETE', `/api/v1/me/channels/${String(a.json.id)}`, cy.token)).status).toBe(204);
    expect((await call(relay.url, 'GET', '/api/v1/me/rules', cy.token)).json.rules).toEqual([{ channelId: b.json.id, when: 'available' }]);
  });

  it('a person who leaves takes their channels, rules and watches with them', async () => {
    const ada = await person(relay.url);
    const ch = await call(relay.url, 'POST', '/api/v1/me/channels', ada.token, { type: 'webhook', url: `${hook.url}/ada` });
    await call(relay.url, 'PUT', '/api/v1/me/rules', ada.token, { rules: [{ channelId: ch.json.id, when: 'any-change' }] });
    await call(relay.url, 'POST', `/api/v1/s/${ada.share.id}/watches`, null, { when: 'available', channel: { type: 'webhook', url: `${hook.url}/watch` } });
    expect(await store.notify.listWatches(ada.userId)).toHaveLength(1);
    expect((await call(relay.url, 'DELETE', '/api/v1/me', ada.token)).status).toBe(204);
    await until(async () => (await store.notify.listChannels(`user:${ada.userId}`)).length === 0 && (await store.notify.listWatches(ada.userId)).length === 0, 'everything of hers gone');
    expect(await store.notify.getRules(`user:${ada.userId}`)).toEqual([]);
    expect(await store.notify.getChannel(String(ch.json.id))).toBeNull();
  });

  it('a change stored while no relay runs waits in the queue and is delivered when one starts', async () => {
    const bo = await person(relay.url, 'Bo');
    const ch = await call(relay.url, 'POST', '/api/v1/me/channels', bo.token, { type: 'webhook', url: `${hook.url}/bo` });
    await call(relay.url, 'PUT', '/api/v1/me/rules', bo.token, { rules: [{ channelId: ch.json.id, when: 'any-change' }] });
    await relay.close();
    // Written straight to the store while no relay runs: nobody delivers it.
    await store.applyReport(bo.userId, 'manual', { observedAt: new Date().toISOString(), availability: 'Busy' }, Date.now());
    relay = await startNotifyRelay({}, { store });
    const [req] = await hook.waitFor(1, (r) => r.path === '/bo');
    expect(JSON.parse(req!.body.toString())).toMatchObject({ type: 'status.changed', person: { displayName: 'Bo' }, status: { availability: 'Busy' } });
  });
});
