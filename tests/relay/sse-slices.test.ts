import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { afterEach, expect, it, vi } from 'vitest';
import { emptyRecord, type StatusRecord } from '../../core';
import { createMetrics } from '../../relay/metrics';
import { HEARTBEAT_SLICE, SseHub } from '../../relay/sse/hub';
import { HEARTBEAT_FRAME } from '../../relay/sse/frame';
import type { Store, StoreEvent } from '../../relay/store/store';
import { until } from '../support/until';

/** A response that only counts what is written to it (the hub writes frames, never reads). */
class CountingResponse extends EventEmitter {
  writableLength = 0;
  beats = 0;
  /** The ids of the status frames written, in order. */
  ids: number[] = [];
  write(chunk: string): boolean {
    if (chunk === HEARTBEAT_FRAME) this.beats++;
    const id = /^event: status\nid: (\d+)\n/.exec(chunk)?.[1];
    if (id) this.ids.push(Number(id));
    return true;
  }
  end(): void {}
}

const storeWithoutEvents = { subscribe: () => () => {}, onResync: () => () => {} } as unknown as Store;

afterEach(() => vi.useRealTimers());

it('writes a heartbeat to every stream in slices, yielding to the event loop between them', async () => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  const hub = new SseHub(storeWithoutEvents, createMetrics(), { heartbeatMs: 1000, streamsPerAddress: 1_000_000 });
  const streams = HEARTBEAT_SLICE * 2 + 10;
  const responses = Array.from({ length: streams }, () => new CountingResponse());
  responses.forEach((res, i) => {
    const sub = hub.attach(`share-${i % 7}`, res as unknown as ServerResponse, '203.0.113.1')!;
    sub.ready = true;
  });
  // One stream leaves before its slice comes: it hears nothing more.
  const leaving = responses.at(-1)!;
  vi.advanceTimersByTime(1000);
  expect(responses.filter((r) => r.beats === 1)).toHaveLength(HEARTBEAT_SLICE);
  leaving.emit('close');
  await until(() => responses.filter((r) => r.beats === 1).length === streams - 1, 'the other slices');
  expect(leaving.beats).toBe(0);
  // The next beat is a whole new pass.
  vi.advanceTimersByTime(1000);
  await until(() => responses.filter((r) => r.beats === 2).length === streams - 1, 'the second pass');
  hub.closeAll();
});

it('writes a share\'s update to its streams in slices; a newer one during the pass reaches everyone, in order', async () => {
  let emit: (event: StoreEvent) => void = () => {};
  const store = { subscribe: (listener: (event: StoreEvent) => void) => ((emit = listener), () => {}), onResync: () => () => {} } as unknown as Store;
  const hub = new SseHub(store, createMetrics(), { heartbeatMs: 60_000, streamsPerAddress: 1_000_000 });
  const streams = HEARTBEAT_SLICE * 2 + 10;
  const responses = Array.from({ length: streams }, () => new CountingResponse());
  for (const res of responses) hub.attach('s-1', res as unknown as ServerResponse, '203.0.113.1')!.ready = true;
  const status = (seq: number, availability: string): StoreEvent => ({
    type: 'status',
    userId: 'u-1',
    shareId: 's-1',
    level: 'basic',
    user: { displayName: 'Ada', avatarUrl: null },
    timeZone: null,
    email: null,
    record: { ...emptyRecord(Date.now()), seq, reports: { manual: { observedAt: new Date().toISOString(), availability } } } as StatusRecord,
  });
  emit(status(1, 'Busy'));
  expect(responses.filter((r) => r.ids.length === 1)).toHaveLength(HEARTBEAT_SLICE);
  emit(status(2, 'Away'));
  await until(() => responses.every((r) => r.ids.at(-1) === 2), 'the newest update on every stream');
  // Everyone ends on the newest; nobody sees them out of order or twice.
  for (const r of responses) {
    expect(r.ids.at(-1)).toBe(2);
    expect(r.ids).toEqual([...new Set(r.ids)].sort((a, b) => a - b));
  }
  // Those the first slice reached saw both; the others may go straight to the newest.
  expect(responses.filter((r) => r.ids.length === 2).length).toBeGreaterThanOrEqual(HEARTBEAT_SLICE);
  hub.closeAll();
});
