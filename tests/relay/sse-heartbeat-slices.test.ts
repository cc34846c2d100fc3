import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { afterEach, expect, it, vi } from 'vitest';
import { createMetrics } from '../../relay/metrics';
import { HEARTBEAT_SLICE, SseHub } from '../../relay/sse/hub';
import { HEARTBEAT_FRAME } from '../../relay/sse/frame';
import type { Store } from '../../relay/store/store';

/** A response that only counts what is written to it (the hub writes frames, never reads). */
class CountingResponse extends EventEmitter {
  writableLength = 0;
  beats = 0;
  write(chunk: string): boolean {
    if (chunk === HEARTBEAT_FRAME) this.beats++;
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
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  expect(responses.filter((r) => r.beats === 1)).toHaveLength(streams - 1);
  expect(leaving.beats).toBe(0);
  // The next beat is a whole new pass.
  vi.advanceTimersByTime(1000);
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  expect(responses.filter((r) => r.beats === 2)).toHaveLength(streams - 1);
  hub.closeAll();
});
