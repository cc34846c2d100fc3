import { describe, expect, it } from 'vitest';
import type { Command } from '../../core';
import { CommandStream } from '../../extension/sync/command-stream';
import type { StoreEvent } from '../../relay/store/store';
import { register, startTestRelay } from '../support/relay-process';
import { until } from '../support/until';
import { commandRelayForFile } from './command-relay';

const rig = commandRelayForFile();

const resultFor = (id: string) => rig.events.find((e): e is Extract<StoreEvent, { type: 'command-result' }> => e.type === 'command-result' && e.id === id);

describe('the extension command stream against a real relay', () => {
  it('carries out each command and answers it, success or the reason it could not', async () => {
    const ada = await register(rig.relay.url);
    const done: Command[] = [];
    const logs: string[] = [];
    const stream = new CommandStream({
      perform: async (c) => {
        done.push(c);
        if (c.action === 'leave-call') throw new Error('You are not in a Teams call that this extension can see.');
      },
      log: (l) => logs.push(l),
    });
    stream.setTarget({ relayUrl: rig.relay.url, token: ada.token });
    expect(stream.active).toBe(true);
    await until(() => rig.relay.relay.commands.connections === 1, 'the stream to open');
    await rig.store.broadcast({ type: 'command', userId: ada.userId, id: 'c-1', action: 'toggle-mute' });
    await rig.store.broadcast({ type: 'command', userId: ada.userId, id: 'c-2', action: 'leave-call' });
    expect(await until(() => resultFor('c-1'), 'the first answer')).toMatchObject({ userId: ada.userId, ok: true });
    expect(await until(() => resultFor('c-2'), 'the second answer')).toMatchObject({ ok: false, error: 'You are not in a Teams call that this extension can see.' });
    expect(done.map((c) => c.action)).toEqual(['toggle-mute', 'leave-call']);
    stream.setTarget(null);
    expect(stream.active).toBe(false);
    await until(() => rig.relay.relay.commands.connections === 0, 'the stream to close');
  });

  it('stops listening when the relay no longer accepts the token', async () => {
    const ada = await register(rig.relay.url);
    await fetch(`${rig.relay.url}/api/v1/me`, { method: 'DELETE', headers: { authorization: `Bearer ${ada.token}` } });
    const logs: string[] = [];
    const stream = new CommandStream({ perform: async () => undefined, log: (l) => logs.push(l) });
    stream.setTarget({ relayUrl: rig.relay.url, token: ada.token });
    await until(() => !stream.active, 'the stream to give up');
    expect(logs.join('\n')).toMatch(/no longer accepts this browser/);
  });

  it('reconnects after the relay drops the stream', async () => {
    const ada = await register(rig.relay.url);
    const done: string[] = [];
    const stream = new CommandStream({ perform: async (c) => void done.push(c.id), log: () => {} });
    stream.setTarget({ relayUrl: rig.relay.url, token: ada.token });
    await until(() => rig.relay.relay.commands.connections === 1, 'the stream to open');
    // The relay restarts on the same port: the stream must come back by itself.
    await rig.relay.close();
    rig.relay = await startTestRelay(rig.store, { PORT: new URL(rig.relay.url).port });
    await until(() => rig.relay.relay.commands.connections === 1, 'the stream to reconnect', 15_000);
    await rig.store.broadcast({ type: 'command', userId: ada.userId, id: 'c-after', action: 'toggle-hand' });
    await until(() => done.includes('c-after'), 'the command after reconnecting');
    stream.setTarget(null);
  }, 30_000);
});
