import { describe, expect, it } from 'vitest';
import { tell, type Channel, type ToWorker } from '../../relay/cluster/messages';

// The primary's one way of sending to a worker (relay/cluster/primary.ts, replica-metrics.ts).

const STOP: ToWorker = { type: 'relay:stop', signal: 'SIGTERM' };

/** A channel as Node's cluster Worker is after its worker died: still "connected" until the primary reads the EOF, its pipe broken. */
function brokenPipe(): Channel & { callbacks: number } {
  const channel = {
    callbacks: 0,
    isConnected: () => true,
    send(_message: ToWorker, callback?: (err: Error | null) => void) {
      // What Node does: with a callback the error goes there; without one it is emitted as 'error'.
      if (!callback) throw Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
      channel.callbacks++;
      queueMicrotask(() => callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })));
      return false;
    },
  };
  return channel;
}

describe('tell', () => {
  it('a send that fails on a broken pipe counts as the worker gone, and is not thrown', async () => {
    const channel = brokenPipe();
    const failed = new Promise<string>((ok) => tell(channel, STOP, () => ok('gone')));
    expect(await failed).toBe('gone');
    expect(channel.callbacks).toBe(1);
  });

  it('a closed channel counts as gone without sending', () => {
    let sent = 0;
    let gone = 0;
    tell({ isConnected: () => false, send: () => Boolean(sent++) }, STOP, () => gone++);
    expect({ sent, gone }).toEqual({ sent: 0, gone: 1 });
  });

  it('a send that goes through does not count as gone', async () => {
    let gone = 0;
    await new Promise<void>((ok) =>
      tell(
        {
          isConnected: () => true,
          send: (_m, callback) => {
            queueMicrotask(() => {
              callback(null);
              ok();
            });
            return true;
          },
        },
        STOP,
        () => gone++,
      ),
    );
    expect(gone).toBe(0);
  });
});
