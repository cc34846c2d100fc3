import { GraphError } from '@microsoft/microsoft-graph-client';
import { describe, expect, it } from 'vitest';
import { MicrosoftAccount } from '../../extension/sources/graph/account';
import { graphFailure } from '../../extension/sources/graph/graph-client';
import { GraphPoller } from '../../extension/sources/graph/poller';
import { testSourceContext } from './source-context';
import { memorySlot } from './worker-harness';

function throttled(retryAfter: string): GraphError {
  const err = new GraphError(429, 'Too many requests.');
  err.headers = new Headers({ 'retry-after': retryAfter });
  return err;
}

describe('Graph failures and the poll schedule', () => {
  it('Retry-After in seconds or as a date is read; the words say when the next try is', () => {
    expect(graphFailure(throttled('120'), 'graph.microsoft.com', 'Presence.Read')).toEqual({ words: 'Microsoft Graph asked us to slow down (throttled); next try in 120 s.', retryAfterMs: 120_000, needsSignIn: false });
    const at = new Date(Date.now() + 90_000).toUTCString();
    expect(graphFailure(throttled(at), 'graph.microsoft.com', 'Presence.Read').retryAfterMs).toBeGreaterThan(80_000);
    expect(graphFailure(new TypeError('Failed to fetch'), 'graph.microsoft.com', 'Presence.Read').words).toBe('Cannot reach Microsoft (graph.microsoft.com): you may be offline. The extension will try again.');
  });

  it('a throttled read (after the SDK gave up retrying) waits at least Retry-After; errors back off doubling', async () => {
    const now = Date.now();
    const context = testSourceContext(() => now);
    const alarms = context.alarmsSet;
    const account = new MicrosoftAccount({ slot: memorySlot(null), launchWebAuthFlow: async () => '', redirectUri: 'https://x.chromiumapp.org/', now: () => now, log: () => undefined });
    let fail: unknown = throttled('300');
    const poller = new GraphPoller({ context, account, intervalMs: 30_000, permission: 'Presence.Read', read: async () => Promise.reject(fail), changed: () => undefined });
    poller.setActive(true);
    await poller.runNow();
    expect(alarms.get('poll')).toBe(now + 300_000);
    expect(poller.problem).toMatch(/next try in 300 s/);
    fail = new GraphError(500, 'boom');
    await poller.runNow();
    expect(alarms.get('poll')).toBe(now + 60_000); // second failure in a row: 30 s doubled
    poller.setActive(false);
    expect(alarms.has('poll')).toBe(false);
  });

  it('a read begun before a stop is dropped when it lands; polling again starts a fresh read instead of waiting on it', async () => {
    const now = Date.now();
    const context = testSourceContext(() => now);
    const alarms = context.alarmsSet;
    const account = new MicrosoftAccount({ slot: memorySlot(null), launchWebAuthFlow: async () => '', redirectUri: 'https://x.chromiumapp.org/', now: () => now, log: () => undefined });
    const answers: ((value: string) => void)[] = [];
    const kept: string[] = [];
    let changes = 0;
    const poller = new GraphPoller({
      context,
      account,
      intervalMs: 30_000,
      permission: 'Presence.Read',
      read: () => new Promise<() => void>((resolve) => answers.push((value) => resolve(() => void kept.push(value)))),
      changed: () => void changes++,
    });
    poller.setActive(true);
    const stale = poller.runNow();
    poller.setActive(false);
    poller.setActive(true);
    const fresh = poller.runNow();
    expect(answers).toHaveLength(2);
    answers[0]!('before the stop');
    await stale;
    expect({ kept, changes, lastOkAt: poller.lastOkAt, alarm: alarms.has('poll') }).toEqual({ kept: [], changes: 0, lastOkAt: null, alarm: false });
    answers[1]!('after');
    await fresh;
    expect({ kept, changes, alarm: alarms.get('poll') }).toEqual({ kept: ['after'], changes: 1, alarm: now + 30_000 });
  });
});
