import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Store } from '../../relay/store/store';
import { createStore } from '../../relay/store/create-store';
import { CLOSE_GOING_AWAY, CLOSE_TOO_SLOW } from '../../relay/org/stream-hub';
import { ADMIN_TOKEN, startOrgRelay } from '../support/org-relay';
import { openStream, refusedUpgrade } from '../support/org-stream-client';
import { startRedis, type TestRedis } from '../support/redis';
import { putSource, register } from '../support/relay-process';
import { until } from '../support/until';
import { embeddedFactory, storeForBlock } from './store-factories';

const manual = (availability: string, offsetMs = 0) => ({ observedAt: new Date(Date.now() - 60_000 + offsetMs).toISOString(), availability });

/** A metric's value; with `labels` (e.g. 'reason="too_slow"') only that series, absent → 0. */
async function gauge(base: string, name: string, labels?: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const series = labels ? `\\{${labels}\\}` : '(?:\\{[^}]*\\})?';
  return Number(new RegExp(`^${name}${series} (\\S+)$`, 'm').exec(text)?.[1] ?? (labels ? 0 : NaN));
}

describe('organisation stream across two replicas over one Redis', () => {
  let redis: TestRedis;
  const stores: Store[] = [];
  const relays: { url: string; close(): Promise<void> }[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    for (let i = 0; i < 2; i++) {
      const store = await createStore({ redisUrl: redis.url, dataDir: '.', historyDays: 30 });
      stores.push(store);
      relays.push(await startOrgRelay(store));
    }
  });
  afterAll(async () => {
    for (const r of relays) await r.close();
    for (const s of stores) await s.close();
    await redis?.dispose();
  });

  it('refuses the upgrade without the admin token (401) or with a person’s (403), with no org data', async () => {
    const [a] = relays;
    const ada = await register(a!.url, { displayName: 'Ada Secret', email: 'ada@example.test' });
    const ws = `${a!.url.replace(/^http/, 'ws')}/api/v1/org/stream`;
    const none = await refusedUpgrade(ws);
    expect(none.status).toBe(401);
    const person = await refusedUpgrade(`${ws}?access_token=${ada.token}`);
    expect(person.status).toBe(403);
    const header = await refusedUpgrade(ws, { authorization: `Bearer ${ada.token}` });
    expect(header.status).toBe(403);
    for (const r of [none, person, header]) {
      expect(Object.keys(JSON.parse(r.body) as object)).toEqual(['error']);
      expect(r.body).not.toMatch(/Ada|example\.test/);
    }
    const plain = await fetch(`${a!.url}/api/v1/org/stream`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(plain.status).toBe(426);
  });

  it('delivers each change exactly once per connection, in order, whichever replica it was published on', async () => {
    const [a, b] = relays;
    const ada = await register(a!.url, { displayName: 'Ada', email: 'ada2@example.test' });
    await putSource(a!.url, ada.token, 'manual', manual('Busy'));
    const onA = await openStream(a!.url, ADMIN_TOKEN, '&snapshot=true');
    const onB = await openStream(b!.url, ADMIN_TOKEN);
    const snap = await onA.waitFor(1, (m) => m.type === 'snapshot' && m.userId === ada.userId, 'Ada in the snapshot');
    expect(snap[0]).toMatchObject({ type: 'snapshot', email: 'ada2@example.test', status: { availability: 'Busy', seq: 1 } });
    const words = ['Available', 'Away', 'Busy', 'DoNotDisturb', 'BeRightBack'];
    for (let i = 0; i < 20; i++) {
      const relay = i % 2 ? b! : a!;
      expect((await putSource(relay.url, ada.token, 'manual', manual(words[i % words.length]!, (i + 1) * 1000))).status).toBe(200);
    }
    const isAda = (m: { type: string; userId: string }) => m.type === 'status' && m.userId === ada.userId;
    for (const client of [onA, onB]) {
      const got = await client.waitFor(20, isAda, 'twenty changes');
      expect(got.map((m) => (m.type === 'status' ? m.status.seq : -1))).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
      expect(got[0]).toMatchObject({ email: 'ada2@example.test', displayName: 'Ada', status: { availability: 'Available' } });
    }
    // Nothing more arrives later (no duplicate from the other replica).
    await putSource(a!.url, ada.token, 'manual', manual('Away', 30_000));
    await onB.waitFor(21, isAda, 'the marker change');
    expect(onA.messages.filter(isAda).length).toBeLessThanOrEqual(21);
    await onA.waitFor(21, isAda, 'the marker change on A');
    expect(onA.messages.filter(isAda)).toHaveLength(21);
    expect(onB.messages.filter(isAda)).toHaveLength(21);
    onA.ws.close();
    onB.ws.close();
  });

  it('lists people a roster import adds on open streams of every replica, without a reconnect', async () => {
    const [a, b] = relays;
    const onB = await openStream(b!.url, ADMIN_TOKEN);
    const people = [
      { email: 'grace@example.test', displayName: 'Grace', department: 'Research' },
      { email: 'alan@example.test', displayName: 'Alan' },
    ];
    const res = await fetch(`${a!.url}/api/v1/org/people`, { method: 'PUT', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ people }) });
    expect(res.status).toBe(200);
    const joined = await onB.waitFor(2, (m) => m.type === 'status' && /@example\.test$/.test(m.email ?? '') && ['Grace', 'Alan'].includes(m.displayName), 'the two newcomers');
    expect(joined.map((m) => (m.type === 'status' ? [m.displayName, m.department, m.status.availability] : null)).sort()).toEqual([
      ['Alan', null, 'Offline'],
      ['Grace', 'Research', 'Offline'],
    ]);
    // Importing the same people again adds nobody and announces nobody.
    await fetch(`${a!.url}/api/v1/org/people`, { method: 'PUT', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ people: [...people, { email: 'edsger@example.test', displayName: 'Edsger' }] }) });
    await onB.waitFor(3, (m) => m.type === 'status' && ['Grace', 'Alan', 'Edsger'].includes(m.displayName), 'the third newcomer');
    expect(onB.messages.filter((m) => m.type === 'status' && ['Grace', 'Alan', 'Edsger'].includes(m.displayName))).toHaveLength(3);
    onB.ws.close();
  });
});

describe('organisation stream on one relay (embedded store)', () => {
  const factory = embeddedFactory();
  let store: Store;
  let relay: Awaited<ReturnType<typeof startOrgRelay>>;

  storeForBlock(factory, (opened) => (store = opened));
  beforeAll(async () => {
    relay = await startOrgRelay(store, { ORG_STREAM_MAX_BUFFER: '65536', ORG_STREAM_PING_MS: '200' });
  });
  afterAll(async () => {
    await relay?.close();
  });

  it('cuts a client that stops reading instead of buffering for it, and keeps serving the others', async () => {
    // Its own relay with pings far apart: the paused client must be cut for its buffer, not for a
    // missed pong (which a paused socket would also earn).
    const patient = await startOrgRelay(store, { ORG_STREAM_MAX_BUFFER: '65536', ORG_STREAM_PING_MS: '300000' });
    try {
      await slowConsumerCase(patient.url);
    } finally {
      await patient.close();
    }
  }, 120_000);

  async function slowConsumerCase(url: string): Promise<void> {
    const people = await Promise.all(Array.from({ length: 20 }, (_, i) => register(url, { displayName: `Person ${i}` })));
    const fast = await openStream(url, ADMIN_TOKEN);
    const slow = await openStream(url, ADMIN_TOKEN);
    // The slow client stops reading: the kernel's buffers fill, then the relay's would.
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    let sent = 0;
    await until(async () => {
      // Long messages fill the kernel's socket buffers in fewer rounds.
      await Promise.all(people.map((p) => putSource(url, p.token, 'manual', { ...manual(sent % 2 ? 'Busy' : 'Away', sent * 10), message: 'x'.repeat(280) })));
      sent++;
      return (await gauge(url, 'relay_org_stream_dropped_total', 'reason="too_slow"')) >= 1;
    }, 'the slow client to be cut for its buffer', 90_000);
    // The cut client gets a close frame and a short grace before its socket is terminated.
    await until(async () => (await gauge(url, 'relay_org_stream_clients')) === 1, 'only the fast client to remain', 10_000);
    await fast.waitFor(sent * people.length, (m) => m.type === 'status', 'every change on the fast client');
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect((await slow.closed).code).toBeOneOf([CLOSE_TOO_SLOW, 1006]);
    fast.ws.close();
  }
  it('cuts a client that never answers pings, keeps one that does', async () => {
    const honest = await openStream(relay.url, ADMIN_TOKEN);
    const silent = await openStream(relay.url, ADMIN_TOKEN, '', { autoPong: false });
    expect((await silent.closed).code).toBe(1006);
    expect(honest.ws.readyState).toBe(WebSocket.OPEN);
    honest.ws.close();
  });

  it('is closed by the relay’s shutdown: clients hear 1001 and close() does not hang', async () => {
    const other = await startOrgRelay(store);
    const client = await openStream(other.url, ADMIN_TOKEN, '&snapshot=true');
    await other.close();
    expect((await client.closed).code).toBe(CLOSE_GOING_AWAY);
  });
});
