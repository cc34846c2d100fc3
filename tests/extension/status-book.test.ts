import { describe, expect, it } from 'vitest';
import { StatusBook } from '../../extension/background/status-book';
import { memorySlot } from './worker-harness';

describe('the status book', () => {
  it('changes of two sources made together both stick, in memory and in storage (signing out withdraws two at once)', async () => {
    const slot = memorySlot(null);
    const now = Date.now();
    const observedAt = new Date(now).toISOString();
    const book = await StatusBook.open(slot, now, 'UTC');
    await book.apply('graph', { observedAt, availability: 'DoNotDisturb', activity: 'Presenting' }, now);
    await book.apply('manual', { observedAt, availability: 'Busy', until: null }, now);
    const [graph, manual] = await Promise.all([book.forget('graph', now + 1), book.forget('manual', now + 1)]);
    expect([graph.applied, manual.applied]).toEqual([true, true]);
    expect({ graph: book.report('graph'), manual: book.report('manual') }).toEqual({ graph: undefined, manual: undefined });
    const reopened = await StatusBook.open(slot, now + 2, 'UTC');
    expect({ graph: reopened.report('graph'), manual: reopened.report('manual') }).toEqual({ graph: undefined, manual: undefined });
  });
});
