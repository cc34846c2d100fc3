import { describe, expect, it } from 'vitest';
import { StoreConflictError, UnknownUserError, type Store, type StoreEvent } from '../../relay/store/store';
import { until } from '../support/until';
import { storeFactories, storeForBlock } from './store-factories';
import { makeUser } from './store-support';

const factories = storeFactories({ cluster: true });

/** The store contract for outputs and transient events (the rest is in store-contract.test.ts). */
describe.each(factories)('Store contract, outputs and broadcasts: $name', (factory) => {
  let store: Store;

  storeForBlock(factory, (opened) => (store = opened));

  it('keeps a unique MQTT output name per person, tells every listener, and forgets it on opt-out', async () => {
    const ada = makeUser();
    const bob = makeUser();
    await store.createUser(ada);
    await store.createUser(bob);
    const events: StoreEvent[] = [];
    const off = store.subscribe((e) => events.push(e));
    await store.setMqttOutput(ada.userId, 'ada');
    expect(await store.getMqttOutput(ada.userId)).toEqual({ userId: ada.userId, name: 'ada' });
    await expect(store.setMqttOutput(bob.userId, 'ada')).rejects.toBeInstanceOf(StoreConflictError);
    await expect(store.setMqttOutput('u-nobody', 'x')).rejects.toBeInstanceOf(UnknownUserError);
    // Renaming frees the old name for someone else.
    await store.setMqttOutput(ada.userId, 'ada-2');
    await store.setMqttOutput(bob.userId, 'ada');
    expect((await store.listMqttOutputs()).filter((o) => [ada.userId, bob.userId].includes(o.userId)).sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { userId: bob.userId, name: 'ada' },
      { userId: ada.userId, name: 'ada-2' },
    ]);
    await store.setMqttOutput(ada.userId, null);
    expect(await store.getMqttOutput(ada.userId)).toBeNull();
    await until(() => events.filter((e) => e.type === 'mqtt-output').length === 4, 'four mqtt-output events');
    off();
    expect(events.filter((e) => e.type === 'mqtt-output' && e.userId === ada.userId).map((e) => (e as { name: string | null }).name)).toEqual(['ada', 'ada-2', null]);
  });

  it('removes the output with the person, freeing the name', async () => {
    const ada = makeUser();
    await store.createUser(ada);
    await store.setMqttOutput(ada.userId, 'gone-soon');
    expect(await store.deleteUser(ada.userId)).toBe(true);
    expect(await store.getMqttOutput(ada.userId)).toBeNull();
    expect((await store.listMqttOutputs()).some((o) => o.userId === ada.userId)).toBe(false);
    const next = makeUser();
    await store.createUser(next);
    await store.setMqttOutput(next.userId, 'gone-soon');
  });

  it('broadcasts transient events to its listeners without storing anything', async () => {
    const events: StoreEvent[] = [];
    // Earlier tests' events may still be arriving over pub/sub; keep only this test's.
    const off = store.subscribe((e) => 'userId' in e && e.userId === 'u-1' && events.push(e));
    await store.broadcast({ type: 'command', userId: 'u-1', id: 'c-1', action: 'toggle-mute' });
    await store.broadcast({ type: 'command-result', userId: 'u-1', id: 'c-1', ok: false, error: 'not in a call' });
    await until(() => events.length >= 2, 'both events');
    off();
    expect(events).toEqual([
      { type: 'command', userId: 'u-1', id: 'c-1', action: 'toggle-mute' },
      { type: 'command-result', userId: 'u-1', id: 'c-1', ok: false, error: 'not in a call' },
    ]);
  });

  it("one person's broadcasts arrive in the order they were sent, a cluster's nodes notwithstanding", async () => {
    const counts: number[] = [];
    const off = store.subscribe((e) => e.type === 'command-streams' && e.userId === 'u-order' && counts.push(e.open));
    const sent = Array.from({ length: 100 }, (_, open) => open);
    await Promise.all(sent.map((open) => store.broadcast({ type: 'command-streams', userId: 'u-order', replica: 'r-1', open })));
    await until(() => counts.length >= sent.length, 'every announcement');
    off();
    expect(counts).toEqual(sent);
  });
});
