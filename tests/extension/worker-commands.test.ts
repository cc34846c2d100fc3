import { expect, it } from 'vitest';
import { createHandlers } from '../../extension/background/handlers';
import { until } from '../support/until';
import { commandRelayForFile } from './command-relay';
import { memorySlots, startWorker } from './worker-harness';

const rig = commandRelayForFile();

it('the worker listens for commands exactly while MQTT is on, across a worker restart, and answers them', async () => {
  const slots = memorySlots();
  const h = await startWorker({ slots });
  const handlers = createHandlers(Promise.resolve(h.worker));
  const connected = await handlers.connectRelay({ relayUrl: rig.relay.url, displayName: 'Ada' });
  if (!connected.ok) throw new Error(connected.error);
  expect(h.worker.commands.active).toBe(false);
  expect(h.worker.wantsKeepAlive()).toBe(false);

  const on = await handlers.setMqtt({ enabled: true });
  expect(on).toMatchObject({ ok: true, mqtt: { enabled: true, name: 'ada', brokerConfigured: false } });
  expect(h.worker.wantsKeepAlive()).toBe(true);
  await until(() => rig.relay.relay.commands.connections === 1, 'the command stream to open');
  expect(await handlers.getMqtt(null)).toMatchObject({ ok: true, mqtt: { enabled: true, name: 'ada' } });

  // The service worker is stopped and started again: it listens again by itself.
  h.worker.commands.setTarget(null);
  h.stop();
  await until(() => rig.relay.relay.commands.connections === 0, 'the old stream to close');
  const again = await startWorker({ slots });
  await until(() => rig.relay.relay.commands.connections === 1, 'the restarted worker to listen again');

  // Not in a call: the answer says so in words.
  const userId = (await slots.connection.get())!.userId;
  await rig.store.broadcast({ type: 'command', userId, id: 'c-1', action: 'toggle-mute' });
  const result = await until(() => rig.events.find((e) => e.type === 'command-result' && e.id === 'c-1'), 'the answer');
  expect(result).toMatchObject({ ok: false, error: 'You are not in a Teams call that this extension can see.' });

  const off = await createHandlers(Promise.resolve(again.worker)).setMqtt({ enabled: false });
  expect(off).toMatchObject({ ok: true, mqtt: { enabled: false } });
  expect(again.worker.commands.active).toBe(false);
  await until(() => rig.relay.relay.commands.connections === 0, 'the stream to close when MQTT is off');
  again.stop();
});
