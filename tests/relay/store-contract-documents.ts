import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { Store } from '../../relay/store/store';

/** The documents part of the store contract (meeting roulette's records); both stores run it. */
export function documentsContract(store: () => Store, reopen: () => Promise<void>): void {
  it('puts, replaces, reads and lists documents of a kind, ordered by id, kinds apart', async () => {
    const tag = randomUUID();
    await store().putDocument('roulette-round', `${tag}-b`, '{"n":2}');
    await store().putDocument('roulette-round', `${tag}-a`, '{"n":1}');
    await store().putDocument('roulette-round', `${tag}-a`, '{"n":3}');
    await store().putDocument('roulette-choices', `${tag}-a`, '{"optOut":true}');
    expect(await store().getDocument('roulette-round', `${tag}-a`)).toBe('{"n":3}');
    expect(await store().getDocument('roulette-round', `${tag}-missing`)).toBeNull();
    const mine = (await store().listDocuments('roulette-round')).filter((d) => d.id.startsWith(tag));
    expect(mine).toEqual([
      { id: `${tag}-a`, value: '{"n":3}' },
      { id: `${tag}-b`, value: '{"n":2}' },
    ]);
    expect(await store().getDocument('roulette-choices', `${tag}-a`)).toBe('{"optOut":true}');
  });

  it('takes a document exactly once, however many callers race for it', async () => {
    const id = randomUUID();
    await store().putDocument('roulette-code', id, '{"round":"r1"}');
    const answers = await Promise.all(Array.from({ length: 8 }, () => store().takeDocument('roulette-code', id)));
    expect(answers.filter((a) => a !== null)).toEqual(['{"round":"r1"}']);
    expect(await store().getDocument('roulette-code', id)).toBeNull();
    expect(await store().takeDocument('roulette-code', id)).toBeNull();
  });

  it('keeps documents across a restart, and a taken one stays gone', async () => {
    const id = randomUUID();
    await store().putDocument('roulette-settings', id, '{"groupSize":2}');
    await store().putDocument('roulette-code', id, '{"round":"r2"}');
    expect(await store().takeDocument('roulette-code', id)).not.toBeNull();
    await reopen();
    expect(await store().getDocument('roulette-settings', id)).toBe('{"groupSize":2}');
    expect(await store().getDocument('roulette-code', id)).toBeNull();
  });
}
