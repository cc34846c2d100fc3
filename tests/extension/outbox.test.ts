import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { TeamsReport } from '../../core';
import { openExtensionDb, type ExtensionDb, type OutboxEntry } from '../../extension/platform/db';
import { Outbox, type OutboxHealth } from '../../extension/sync/outbox';
import { RelayError } from '../../extension/sync/relay-errors';

let dbCount = 0;
const opened: ExtensionDb[] = [];

async function freshDb(name = `outbox-${++dbCount}`) {
  const db = await openExtensionDb(name);
  opened.push(db);
  return { db, name };
}

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

const at = (s: number) => new Date(Date.UTC(2026, 10, 25, 9, 0, s)).toISOString();
const call = (s: number, inCall: boolean, muted = false): TeamsReport => ({ observedAt: at(s), call: inCall ? { inCall, muted } : null });

function harness(db: ExtensionDb, send: (e: OutboxEntry) => Promise<void>) {
  const delays: number[] = [];
  const healths: OutboxHealth[] = [];
  let n = 0;
  const outbox = new Outbox({ db, send, schedule: (ms) => delays.push(ms), onHealth: (h) => healths.push(h), newKey: () => `key-${++n}` });
  return { outbox, delays, healths };
}

describe('outbox', () => {
  it('sends queued reports strictly in the order they were queued, each with its own key', async () => {
    const { db } = await freshDb();
    const sent: OutboxEntry[] = [];
    const { outbox } = harness(db, async (e) => void sent.push(e));
    await outbox.enqueue('teams-local', call(1, true));
    await outbox.enqueue('manual', { observedAt: at(2), availability: 'Busy' });
    await outbox.enqueue('teams-local', call(3, true, true));
    await outbox.enqueue('manual', null);
    await outbox.flush();
    expect(sent.map((e) => [e.source, e.op, e.key])).toEqual([
      ['teams-local', 'put', 'key-1'],
      ['manual', 'put', 'key-2'],
      ['teams-local', 'put', 'key-3'],
      ['manual', 'delete', 'key-4'],
    ]);
    expect(outbox.getHealth()).toMatchObject({ queued: 0, phase: 'idle' });
  });

  it('a heartbeat refreshes the unsent entry of its source; a change is always kept', async () => {
    const { db } = await freshDb();
    const { outbox } = harness(db, async () => undefined);
    await outbox.enqueue('teams-local', call(1, true));
    await outbox.enqueue('teams-web', call(2, false));
    await outbox.enqueue('teams-local', call(61, true));
    await outbox.enqueue('teams-local', call(70, true, true));
    const all = await db.outboxAll();
    expect(all.map((e) => [e.source, e.report?.observedAt])).toEqual([
      ['teams-local', at(61)],
      ['teams-web', at(2)],
      ['teams-local', at(70)],
    ]);
  });

  it('survives closing and reopening the database (a worker or browser restart)', async () => {
    const { db, name } = await freshDb();
    const first = harness(db, async () => {
      throw new RelayError('network', 'offline');
    });
    await first.outbox.enqueue('teams-local', call(1, true));
    await first.outbox.enqueue('teams-local', call(2, false));
    await first.outbox.flush();
    expect(first.outbox.getHealth()).toMatchObject({ queued: 2, phase: 'waiting' });
    db.close();

    const { db: again } = await freshDb(name);
    const sent: string[] = [];
    const second = harness(again, async (e) => void sent.push(`${e.source}@${e.report?.observedAt}`));
    await second.outbox.restore(null);
    expect(second.outbox.getHealth().queued).toBe(2);
    await second.outbox.flush();
    expect(sent).toEqual([`teams-local@${at(1)}`, `teams-local@${at(2)}`]);
  });

  it('network errors, 5xx, 408 and 429 keep the report and retry with growing back-off', async () => {
    const { db } = await freshDb();
    const failures = [
      new RelayError('network', 'down'),
      new RelayError('http', 'busy', 503),
      new RelayError('http', 'timeout', 408),
      new RelayError('http', 'slow down', 429, 'rate_limited', 20_000),
    ];
    const sent: string[] = [];
    const { outbox, delays } = harness(db, async (e) => {
      const f = failures.shift();
      if (f) throw f;
      sent.push(e.key);
    });
    await outbox.enqueue('teams-web', call(1, true));
    for (let i = 0; i < 4; i++) {
      await outbox.flush();
      expect(outbox.getHealth()).toMatchObject({ queued: 1, phase: 'waiting' });
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 20_000]);
    expect((await db.outboxAll())[0]).toMatchObject({ attempts: 4, lastError: 'slow down' });
    await outbox.flush();
    expect(sent).toEqual(['key-1']);
    expect(outbox.getHealth()).toMatchObject({ queued: 0, phase: 'idle', lastError: null });
  });

  it('other 4xx drop that report with a recorded error and carry on with the next', async () => {
    const { db } = await freshDb();
    const sent: string[] = [];
    const { outbox } = harness(db, async (e) => {
      if (e.key === 'key-1') throw new RelayError('http', 'call.muted: expected boolean', 400, 'invalid_field');
      sent.push(e.key);
    });
    await outbox.enqueue('teams-web', call(1, true));
    await outbox.enqueue('teams-web', call(2, false));
    await outbox.flush();
    expect(sent).toEqual(['key-2']);
    expect(outbox.getHealth().dropped).toMatchObject({ key: 'key-1', source: 'teams-web', error: 'call.muted: expected boolean' });
  });

  it('401 marks the connection revoked and keeps the whole queue until a reset', async () => {
    const { db } = await freshDb();
    let revoked = true;
    const sent: string[] = [];
    const { outbox, delays } = harness(db, async (e) => {
      if (revoked) throw new RelayError('http', 'unauthorized', 401, 'unauthorized');
      sent.push(e.key);
    });
    await outbox.enqueue('teams-web', call(1, true));
    await outbox.enqueue('teams-web', call(2, false));
    await outbox.flush();
    expect(outbox.getHealth()).toMatchObject({ phase: 'revoked', queued: 2 });
    expect(delays).toEqual([]);
    await outbox.flush();
    expect(sent).toEqual([]);
    revoked = false;
    await outbox.reset({ clear: false });
    await outbox.flush();
    expect(sent).toEqual(['key-1', 'key-2']);
  });

  it('concurrent flushes send each report once', async () => {
    const { db } = await freshDb();
    const sent: string[] = [];
    const { outbox } = harness(db, async (e) => {
      await new Promise((r) => setTimeout(r, 5));
      sent.push(e.key);
    });
    for (let i = 0; i < 5; i++) await outbox.enqueue('manual', { observedAt: at(i), availability: i % 2 ? 'Busy' : 'Away' });
    await Promise.all([outbox.flush(), outbox.flush(), outbox.flush()]);
    expect(sent).toEqual(['key-1', 'key-2', 'key-3', 'key-4', 'key-5']);
  });

  it('a storage quota error is reported in words and loses nothing already queued', async () => {
    const { db } = await freshDb();
    const { outbox } = harness(db, async () => undefined);
    await outbox.enqueue('teams-web', call(1, true));
    const full: ExtensionDb = {
      ...db,
      outboxAdd: () => Promise.reject(new DOMException('full', 'QuotaExceededError')),
    };
    const tight = harness(full, async () => undefined).outbox;
    await expect(tight.enqueue('teams-web', call(2, false))).rejects.toThrow(/storage quota/);
    expect(tight.getHealth().lastError).toMatch(/reports already queued are kept/);
    expect((await db.outboxAll()).map((e) => e.key)).toEqual(['key-1']);
  });
});
