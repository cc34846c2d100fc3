import { afterAll, beforeAll } from 'vitest';
import type { Store, StoreEvent } from '../../relay/store/store';
import { embeddedFactory, storeForBlock } from '../relay/store-factories';
import { startTestRelay } from '../support/relay-process';

/** A file's relay over an embedded store, with every store event it published recorded. */
export interface CommandRig {
  store: Store;
  /** Reassignable: a test may restart the relay on the same port. */
  relay: Awaited<ReturnType<typeof startTestRelay>>;
  readonly events: StoreEvent[];
}

/** Started before the file's tests, stopped after them (the relay before its store). */
export function commandRelayForFile(): CommandRig {
  const rig = { events: [] as StoreEvent[] } as CommandRig;
  storeForBlock(embeddedFactory(), (opened) => {
    rig.store = opened;
    opened.subscribe((e) => rig.events.push(e));
  });
  beforeAll(async () => {
    rig.relay = await startTestRelay(rig.store);
  });
  afterAll(async () => {
    await rig.relay?.close();
  });
  return rig;
}
