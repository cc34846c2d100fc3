import { afterAll, beforeAll } from 'vitest';
import type { Store } from '../../../relay/store/store';
import { addPeople, orgOf } from '../../fakes/microsoft/org-model';
import { startMicrosoftFake, type MicrosoftFake } from '../../fakes/microsoft/server';
import { TEAMS_APP_ID } from '../../fakes/microsoft/teams-model';
import { rosterFromFake, startJobsRelay } from '../../support/jobs-relay';
import { adminHeaders } from '../../support/org-relay';
import { embeddedFactory, storeForBlock } from '../store-factories';

export type Json = Record<string, unknown> & { items?: Record<string, unknown>[] };

/** A relay with the Teams bot set up against the fake, its jobs off and its deliveries quick. */
export const BOT_ENV = { TEAMS_APP_ID, CALENDAR_SYNC_MINUTES: '0', PRESENCE_SYNC_SECONDS: '0', NOTIFY_POLL_MS: '50', NOTIFY_RETRY_BASE_MS: '50', NOTIFY_DEBOUNCE_SECONDS: '0' };

/** A request as the relay's admin; the body is parsed when there is one. */
export const admin = async (base: string, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${base}${path}`, { method, headers: adminHeaders({ 'content-type': 'application/json' }), body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json };
};

/**
 * One relay on the embedded store beside the Microsoft fake with `people` people on the roster;
 * `grant` says whether the app may install Teams apps for people.
 */
export function botRelayBlock(grant: boolean, people = 1) {
  const block = {} as { fake: MicrosoftFake; store: Store; relay: { url: string; close(): Promise<void> } };
  // Registered first, so the store opens before the rest and closes after it (after-hooks run last-in, first-out).
  storeForBlock(embeddedFactory(), (opened) => (block.store = opened));
  beforeAll(async () => {
    block.fake = await startMicrosoftFake();
    addPeople(block.fake.state, people);
    if (grant) orgOf(block.fake.state).switches.roles.push('TeamsAppInstallation.ReadWriteSelfForUser.All');
    await rosterFromFake(block.store, block.fake);
    block.relay = await startJobsRelay(block.store, block.fake, { ...BOT_ENV, BOT_SERVICE_URL: `${block.fake.origin}/teams/` });
  });
  afterAll(async () => {
    await block.relay?.close();
    await block.fake?.close();
  });
  return block;
}
