import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JOURNAL, SNAPSHOT } from '../../relay/store/embedded-journal';
import { EmbeddedStore } from '../../relay/store/embedded-store';
import { StoreUnavailableError, type Store, type UserRecord } from '../../relay/store/store';
import { HISTORY_DAYS, redisFactory, storeForBlock } from './store-factories';
import { makeUser, manual, teams } from './store-support';
import { until } from '../support/until';

const t0 = Date.now() - 60_000;

/** Users, a rotated share, reports, history and a deletion: one of every kind of write. */
async function writeScenario(store: Store) {
  const a = makeUser();
  const b = makeUser();
  await store.createUser(a);
  await store.createUser(b);
  await store.applyReport(a.userId, 'manual', manual('Busy', t0), t0);
  await store.applyReport(a.userId, 'teams-local', teams(true, t0 + 1000), t0 + 1000);
  const last = await store.applyReport(a.userId, 'manual', manual('Available', t0 + 2000), t0 + 2000);
  const rotated = await store.updateShare(a.userId, { level: 'detailed', newShareId: makeUser().shareId });
  await store.applyReport(b.userId, 'manual', manual('Away', t0), t0);
  await store.deleteUser(b.userId);
  const history = await store.history(a.userId, t0, t0 + 5000);
  expect(history.length).toBeGreaterThanOrEqual(2);
  return { a: rotated, oldShareId: a.shareId, b, record: last.record, history };
}

type Scenario = Awaited<ReturnType<typeof writeScenario>>;

async function expectScenario(store: Store, s: Scenario): Promise<void> {
  expect(await store.getUser(s.a.userId)).toEqual(s.a);
  expect(await store.getUserByShareId(s.a.shareId)).toEqual(s.a);
  expect(await store.getUserByShareId(s.oldShareId)).toBeNull();
  expect(await store.getStatusRecord(s.a.userId)).toEqual(s.record);
  expect(await store.history(s.a.userId, t0, t0 + 5000)).toEqual(s.history);
  expect(await store.getUser(s.b.userId)).toBeNull();
  expect(await store.getUserByShareId(s.b.shareId)).toBeNull();
  expect(await store.getStatusRecord(s.b.userId)).toBeNull();
  expect((await store.listUsers(0, 100)).map((u: UserRecord) => u.userId)).toContain(s.a.userId);
  // And the sequence carries on from where it was.
  const next = await store.applyReport(s.a.userId, 'manual', manual('Away', t0 + 9000), t0 + 9000);
  expect(next.record.seq).toBe(s.record.seq + 1);
}

describe('embedded store durability', () => {
  const dirs: string[] = [];
  const newDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'ts-durable-'));
    dirs.push(dir);
    return dir;
  };
  const open = (dataDir: string, log: (msg: string) => void = () => {}, extra = {}) => EmbeddedStore.open({ dataDir, historyDays: HISTORY_DAYS, log, ...extra });
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('gives everything back after close and reopen', async () => {
    const dir = newDir();
    const first = await open(dir);
    const s = await writeScenario(first);
    await first.close();
    const second = await open(dir);
    await expectScenario(second, s);
    await second.close();
  });

  it('gives back every acknowledged write after a crash (files copied while open, never closed)', async () => {
    const dir = newDir();
    const live = await open(dir);
    const s = await writeScenario(live);
    const crashed = newDir();
    cpSync(dir, crashed, { recursive: true });
    expect(readFileSync(join(crashed, JOURNAL), 'utf8').trim().split('\n').length).toBeGreaterThan(5);
    const recovered = await open(crashed);
    await expectScenario(recovered, s);
    await recovered.close();
    await live.close();
  });

  it('skips a torn last journal line with a warning, and the journal stays sound afterwards', async () => {
    const dir = newDir();
    const live = await open(dir);
    const s = await writeScenario(live);
    const crashed = newDir();
    cpSync(dir, crashed, { recursive: true });
    await live.close();
    appendFileSync(join(crashed, JOURNAL), '{"n":999,"op":"status","userId":"u-torn","rec');
    const warnings: string[] = [];
    const recovered = await open(crashed, (msg) => warnings.push(msg));
    expect(warnings.join('\n')).toMatch(/torn last line/);
    expect(await recovered.getStatusRecord('u-torn')).toBeNull();
    await expectScenario(recovered, s);
    await recovered.close();
    const again = await open(crashed, (msg) => warnings.push(msg));
    expect((await again.getStatusRecord(s.a.userId))?.seq).toBe(s.record.seq + 1);
    await again.close();
  });

  it('refuses to open over a corrupt line in the middle of the journal', async () => {
    const dir = newDir();
    const live = await open(dir);
    await writeScenario(live);
    const crashed = newDir();
    cpSync(dir, crashed, { recursive: true });
    await live.close();
    const lines = readFileSync(join(crashed, JOURNAL), 'utf8').split('\n');
    lines[1] = 'garbage';
    writeFileSync(join(crashed, JOURNAL), lines.join('\n'));
    await expect(open(crashed)).rejects.toThrow(/line 2 is corrupt/);
  });

  it('answers StoreUnavailableError once a journal write fails, and a restart recovers what was acknowledged', async () => {
    const dir = newDir();
    const store = await open(dir);
    const user = makeUser();
    await store.createUser(user);
    const kept = await store.applyReport(user.userId, 'manual', manual('Busy', t0), t0);
    // Fault injection: the journal's file handle goes away under the store, as a failing disk would.
    await (store as unknown as { writer: { handle: FileHandle } }).writer.handle.close();
    await expect(store.applyReport(user.userId, 'manual', manual('Away', t0 + 1), t0 + 1)).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.getUser(user.userId)).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.createUser(makeUser())).rejects.toBeInstanceOf(StoreUnavailableError);
    await store.close();
    const reopened = await open(dir);
    expect(await reopened.getStatusRecord(user.userId)).toEqual(kept.record);
    await reopened.close();
  });

  it('rejects every call with StoreUnavailableError after close', async () => {
    const store = await open(newDir());
    await store.close();
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.getUser('u-x')).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.createUser(makeUser())).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('lets only one store at a time use a data directory, and takes over a lock left by a dead process', async () => {
    const dir = newDir();
    const first = await open(dir);
    await expect(open(dir)).rejects.toThrow(/in use by another relay/);
    await first.close();
    const second = await open(dir);
    await second.close();
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    writeFileSync(join(dir, 'LOCK'), String(gone));
    const third = await open(dir);
    await third.close();
  });

  it('compacts the journal into the snapshot as it grows, losing nothing', async () => {
    const dir = newDir();
    const store = await open(dir, () => {}, { compactAfterEntries: 5 });
    const user = makeUser();
    await store.createUser(user);
    for (let i = 1; i <= 23; i++) await store.applyReport(user.userId, 'manual', manual(i % 2 ? 'Busy' : 'Away', t0 + i), t0 + i);
    await until(() => readFileSync(join(dir, JOURNAL), 'utf8').split('\n').filter(Boolean).length < 5, 'the journal to be compacted');
    const snapshot = JSON.parse(readFileSync(join(dir, SNAPSHOT), 'utf8')) as { lastN: number };
    expect(snapshot.lastN).toBeGreaterThanOrEqual(20);
    const crashed = newDir();
    cpSync(dir, crashed, { recursive: true });
    await store.close();
    const recovered = await open(crashed);
    expect((await recovered.getStatusRecord(user.userId))?.seq).toBe(23);
    expect(await recovered.history(user.userId, t0, t0 + 100)).toHaveLength(23);
    await recovered.close();
  });
});

describe('Redis store durability', () => {
  const factory = redisFactory();
  let store: Store;
  storeForBlock(factory, (opened) => (store = opened));

  it('gives everything back after redis-server restarts, through the same store instance', async () => {
    const s = await writeScenario(store);
    await factory.server().stop();
    await factory.server().start();
    await until(() => store.ping().then(() => true), 'the store to reconnect by itself');
    await expectScenario(store, s);
  });
});
