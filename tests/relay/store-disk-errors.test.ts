import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, readdirSync } from 'node:fs';
import { open as openFile, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JOURNAL, SNAPSHOT } from '../../relay/store/embedded-journal';
import { EmbeddedStore } from '../../relay/store/embedded-store';
import { StoreUnavailableError } from '../../relay/store/store';
import { HISTORY_DAYS } from './store-factories';
import { makeUser, manual } from './store-support';

/**
 * A full disk is simulated with the kernel's own: /dev/full answers every write with ENOSPC.
 * Whoever reads the relay's log must learn which file, where, and why.
 */
describe('embedded store disk errors', () => {
  const dirs: string[] = [];
  const newDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'ts-disk-'));
    dirs.push(dir);
    return dir;
  };
  const open = (dataDir: string, log: (msg: string) => void = () => {}) => EmbeddedStore.open({ dataDir, historyDays: HISTORY_DAYS, log });
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('logs a full disk under a running store with the file path and ENOSPC, and answers unavailable', async () => {
    const dir = newDir();
    const logs: string[] = [];
    const store = await open(dir, (m) => logs.push(m));
    const user = makeUser();
    await store.createUser(user);
    const writer = (store as unknown as { writer: { handle: FileHandle } }).writer;
    await writer.handle.close();
    writer.handle = await openFile('/dev/full', 'a');
    const failed = store.applyReport(user.userId, 'manual', manual('Busy', Date.now()), Date.now());
    await expect(failed).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(failed).rejects.toThrow(new RegExp(`${join(dir, JOURNAL)}.*ENOSPC`));
    expect(logs.join('\n')).toMatch(new RegExp(`could not write ${join(dir, JOURNAL)}: ENOSPC \\(no space left on device\\)`));
    await store.close();
  });

  it('a start on a full disk names the path and the cause, and leaves no partial snapshot behind', async () => {
    const dir = newDir();
    const store = await open(dir);
    await store.createUser(makeUser());
    await store.close();
    symlinkSync('/dev/full', join(dir, `${SNAPSHOT}.tmp`));
    await expect(open(dir)).rejects.toThrow(new RegExp(`^could not write ${join(dir, SNAPSHOT)}\\.tmp: ENOSPC \\(no space left on device\\)`));
    expect(existsSync(join(dir, `${SNAPSHOT}.tmp`))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual([JOURNAL, SNAPSHOT].sort());
    // Space again: it opens and has everything.
    const reopened = await open(dir);
    expect(await reopened.countUsers()).toBe(1);
    await reopened.close();
  });

  it('a corrupt snapshot is named, with its path, when opening refuses', async () => {
    const dir = newDir();
    writeFileSync(join(dir, SNAPSHOT), '{"version":1,"users":[');
    await expect(open(dir)).rejects.toThrow(new RegExp(`^${join(dir, SNAPSHOT)} is not valid JSON`));
  });
});
