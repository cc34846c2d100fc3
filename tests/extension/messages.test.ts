import { afterAll, describe, expect, it, vi } from 'vitest';
import { createHandlers } from '../../extension/background/handlers';
import type { ExtensionMessages, MessageType } from '../../extension/shared/messages';
import { freePort } from '../support/ports';
import { memorySlots, startWorker, webSnapshot } from './worker-harness';

const EXTENSION_ID = 'abcdefghijklmnopabcdefghijklmnop';
const listeners: ((message: unknown, sender: unknown, sendResponse?: (r: unknown) => void) => unknown)[] = [];

vi.mock('webextension-polyfill', () => ({
  default: {
    runtime: {
      id: 'abcdefghijklmnopabcdefghijklmnop',
      getURL: (path: string) => `chrome-extension://abcdefghijklmnopabcdefghijklmnop/${path}`,
      onMessage: { addListener: (l: (typeof listeners)[number]) => listeners.push(l) },
    },
  },
}));

// The worker's content channel uses chrome.* directly.
(globalThis as Record<string, unknown>).chrome = {
  runtime: { id: EXTENSION_ID, onMessage: { addListener: (l: (typeof listeners)[number]) => listeners.push(l) } },
};

/** One valid request per message; a Record over MessageType fails to compile when one is missing. */
const SAMPLES: { [K in MessageType]: ExtensionMessages[K]['request'] } = {
  getState: null,
  refreshSources: null,
  setManual: { availability: 'Away', until: null },
  clearManual: null,
  callAction: { action: { kind: 'toggle-mute' } },
  pairTeams: null,
  retryTeamsLocal: null,
  getSettings: null,
  saveSettings: { teamsLocalEnabled: false },
  getMicrosoft: null,
  signInMicrosoft: null,
  signOutMicrosoft: null,
  connectRelay: { relayUrl: 'http://127.0.0.1:9', displayName: 'Ada' },
  disconnectRelay: null,
  pauseCalendar: { until: null },
  setShareLevel: { level: 'detailed' },
  rotateShare: null,
  getTimeline: { day: '2026-11-25' },
};

const harnesses: { stop(): void }[] = [];
afterAll(() => harnesses.forEach((h) => h.stop()));

describe('message contract', () => {
  it('the worker answers every message type with a reply, never a throw', async () => {
    const h = await startWorker({ slots: memorySlots() });
    harnesses.push(h);
    const handlers = createHandlers(Promise.resolve(h.worker));
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(SAMPLES).sort());
    const port = await freePort();
    const samples = { ...SAMPLES, connectRelay: { relayUrl: `http://127.0.0.1:${port}`, displayName: 'Ada' } };
    const replies: Record<string, unknown> = {};
    for (const type of Object.keys(samples) as MessageType[]) {
      const handler = handlers[type] as (p: unknown) => Promise<{ ok: boolean; error?: string }>;
      const reply = await handler(samples[type]);
      expect(typeof reply.ok).toBe('boolean');
      if (!reply.ok) expect(reply.error).toMatch(/\w/);
      replies[type] = reply.ok;
    }
    // Without a relay or a call, these refuse in words; the rest succeed.
    expect(replies).toMatchObject({ callAction: false, pairTeams: false, connectRelay: false, setShareLevel: false, rotateShare: false, getState: true, setManual: true, getTimeline: true });
  });

  it('accepts messages only from the extension\'s own pages', async () => {
    const h = await startWorker({ slots: memorySlots() });
    harnesses.push(h);
    const { listen } = await import('../../extension/platform/messaging');
    listeners.length = 0;
    listen(createHandlers(Promise.resolve(h.worker)));
    const listener = listeners[0];
    if (!listener) throw new Error('listen() registered nothing');
    const envelope = { type: 'setManual', payload: { availability: 'Busy', until: null } };
    const own = `chrome-extension://${EXTENSION_ID}/extension/popup/index.html`;

    const otherExtension = await listener(envelope, { id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', url: 'chrome-extension://zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz/x.html' });
    expect(otherExtension).toMatchObject({ ok: false, error: expect.stringMatching(/own pages/) });
    const contentScript = await listener(envelope, { id: EXTENSION_ID, url: 'https://teams.microsoft.com/v2/', tab: { id: 3 } });
    expect(contentScript).toMatchObject({ ok: false });
    expect(h.worker.book.report('manual')).toBeUndefined();

    expect(listener({ type: 'notAMessage', payload: null }, { id: EXTENSION_ID, url: own })).toBeUndefined();
    expect(await listener(envelope, { id: EXTENSION_ID, url: own })).toEqual({ ok: true });
    expect(h.worker.book.report('manual')).toMatchObject({ availability: 'Busy' });
  });

  it('accepts Teams web updates only from the content script on a Teams page, validated', async () => {
    const h = await startWorker({ slots: memorySlots() });
    harnesses.push(h);
    const { onContentMessage } = await import('../../extension/platform/content-port');
    listeners.length = 0;
    onContentMessage((tabId, message) => h.worker.onTeamsWebUpdate(tabId, message.payload.snapshot));
    const listener = listeners[0];
    if (!listener) throw new Error('onContentMessage registered nothing');
    const update = { type: 'teamsWebUpdate', payload: { snapshot: webSnapshot('in-call'), reason: 'change' } };
    const answer = (message: unknown, sender: unknown) =>
      new Promise((resolve) => {
        const sync = listener(message, sender, resolve);
        if (sync === undefined) setTimeout(() => resolve('unanswered'), 20);
      });

    expect(await answer(update, { id: EXTENSION_ID, url: 'https://evil.example/teams', tab: { id: 1 } })).toMatchObject({ ok: false });
    expect(await answer(update, { id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', url: 'https://teams.microsoft.com/v2/', tab: { id: 1 } })).toMatchObject({ ok: false });
    const forged = { ...update, payload: { ...update.payload, snapshot: { ...webSnapshot('in-call'), call: { inCall: true, __proto__: null, extra: 1 } } } };
    expect(await answer(forged, { id: EXTENSION_ID, url: 'https://teams.microsoft.com/v2/', tab: { id: 1 } })).toBe('unanswered');
    expect(h.worker.tabs.count()).toBe(0);

    expect(await answer(update, { id: EXTENSION_ID, url: 'https://teams.cloud.microsoft/v2/', tab: { id: 5 } })).toEqual({ ok: true });
    expect(h.worker.tabs.winner()).toMatchObject({ tabId: 5 });
  });
});
