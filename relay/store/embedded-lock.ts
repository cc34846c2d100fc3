import { readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const LOCK = 'LOCK';
/** Directories this process holds, so a second open in the same process is refused too. */
const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claim a data directory for this process: two relays appending to one journal would corrupt
 * it. A lock left by a process that is gone (a crash) is taken over. Returns the release.
 */
export function lockDataDir(dir: string): () => void {
  const real = realpathSync(dir);
  const path = join(real, LOCK);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      held.add(real);
      return () => {
        held.delete(real);
        rmSync(path, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
    // Our own pid without our own claim: a previous life of a container that reuses pids.
    const stale = !Number.isInteger(owner) || !alive(owner) || (owner === process.pid && !held.has(real));
    if (!stale) throw new Error(`${dir} is in use by another relay (pid ${owner}); give each relay its own RELAY_DATA_DIR`);
    rmSync(path, { force: true });
  }
  throw new Error(`could not lock ${dir}`);
}
