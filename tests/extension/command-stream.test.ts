import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command } from '../../core';
import { CommandStream } from '../../extension/sync/command-stream';
import { EmbeddedStore } from '../../relay/store/embedded-store';
import type { Store, StoreEvent } from '../../relay/store/store';
import { register, startTestRelay } from '../support/relay-process';
import { until } from '../support/until';

let store: Store;
let relay: { url: string; relay: { commands: { connections: number } }; close(): Promise<void> };
const dataDir = mkdtempSync(join(tmpdir(), 'command-stream-'));
const events: StoreEvent[] = [];

beforeAll(async () => {
  store = await EmbeddedStore.open({ dataDir, historyDays: 30, log: () => {} });
  store.subscribe((e) => events.push(e));
  relay = await startTestRelay(store);
});

afterAll(async () => {
  await relay?.close();
  await store?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const resultFor = (id: string) => events.find((e): e is Extract<StoreEvent, { type: 'command-result' }> => e.type === 'command-result' && e.id === id);

describe('the extension command stream against a real relay', () => {
  it('carries out each command and answers it, success or the reason it could not', async () => {
    const ada = await register(relay.url);
    const done: Command[] = [];
    const logs: string[] = [];
    const stream = new CommandStream({
      perform: async (c) => {
        done.push(c);
        if (c.action === 'leave-call') throw new Error('You are not in a Teams call that this extension can see.');
      },
      log: (l) => logs.push(l),
    });
    stream.setTarget({ relayUrl: relay.url, token: ada.token });
    expect(stream.active).toBe(true);
    await until(() => relay.relay.commands.connections === 1, 'the stream to open');
    await store.broadcast({ type: 'command', userId: ada.userId, id: 'c-1', action: 'toggle-mute' });
    await store.broadcast({ type: 'command', userId: ada.userId, id: 'c-2', action: 'leave-call' });
    expect(await until(() => resultFor('c-1'), 'the first answer')).toMatchObject({ userId: ada.userId, ok: true });
    expect(await until(() => resultFor('c-2'), 'the second answer')).toMatchObject({ ok: false, error: 'You are not in a Teams call that this extension can see.' });
    expect(done.map((c) => c.action)).toEqual(['toggle-mute', 'leave-call']);
    stream.setTarget(null);
    expect(stream.active).toBe(false);
    await until(() => relay.relay.commands.connections === 0, 'the stream to close');
  });

  it('stops listening when the relay no longer accepts the token', async () => {
    const ada = await register(relay.url);
    await fetch(`${relay.url}/api/v1/me`, { method: 'DELETE', headers: { authorization: `Bearer ${ada.token}` } });
    const logs: string[] = [];
    const stream = new CommandStream({ perform: async () => undefined, log: (l) => logs.push(l) });
    stream.setTarget({ relayUrl: relay.url, token: ada.token });
    await until(() => !stream.active, 'the stream to give up');
    expect(logs.join('\n')).toMatch(/no longer accepts this browser/);
  });

  it('reconnects after the relay drops the stream', async () => {
    const ada = await register(relay.url);
    const done: string[] = [];
    const stream = new CommandStream({ perform: async (c) => void done.push(c.id), log: () => {} });
    stream.setTarget({ relayUrl: relay.url, token: ada.token });
    await until(() => relay.relay.commands.connections === 1, 'the stream to open');
    // The relay restarts on the same port: the stream must come back by itself.
    await relay.close();
    relay = await startTestRelay(store, { PORT: new URL(relay.url).port });
    await until(() => relay.relay.commands.connections === 1, 'the stream to reconnect', 15_000);
    await store.broadcast({ type: 'command', userId: ada.userId, id: 'c-after', action: 'toggle-hand' });
    await until(() => done.includes('c-after'), 'the command after reconnecting');
    stream.setTarget(null);
  }, 30_000);
});
