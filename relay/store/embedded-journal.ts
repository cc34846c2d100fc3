import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { diskError } from './disk-error';
import type { JournalEntry } from './embedded-state';
import { SerialQueue } from './serial-queue';

export const SNAPSHOT = 'snapshot.json';
export const JOURNAL = 'journal.jsonl';

async function fsyncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (err) {
    throw diskError('write', dir, err);
  }
}

interface Pending {
  line: Buffer;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Appends entries durably and replaces the snapshot atomically. One writer per directory.
 *
 * Group commit: entries that arrive while an fsync is under way go out together in the next
 * write + fsync, so throughput is not one entry per disk flush. All file work (batches and
 * snapshots) runs one task at a time, and both take what is pending at the instant they
 * start, so a snapshot's `lastN` and the journal truncation that follows it always agree.
 */
export class JournalWriter {
  private bytes = 0;
  private pending: Pending[] = [];
  private flushScheduled = false;
  private readonly io = new SerialQueue();
  /** Entries written since the last snapshot, including those still pending. */
  entriesSinceSnapshot = 0;
  /** Set after a failed write: memory is ahead of the disk, so nothing may be acknowledged. */
  broken = false;

  private constructor(
    private readonly dir: string,
    private readonly handle: FileHandle,
  ) {}

  static async open(dir: string): Promise<JournalWriter> {
    const path = join(dir, JOURNAL);
    const handle = await open(path, 'a').catch((err: unknown) => {
      throw diskError('write', path, err);
    });
    const writer = new JournalWriter(dir, handle);
    writer.bytes = (await handle.stat()).size;
    return writer;
  }

  /** The journal file's full path, for messages. */
  get path(): string {
    return join(this.dir, JOURNAL);
  }

  get size(): number {
    return this.bytes;
  }

  /** Queues the entry; resolves only once it is on disk (fdatasync), in order. */
  append(entry: JournalEntry): Promise<void> {
    if (this.broken) return Promise.reject(new Error('the journal is broken after a failed write'));
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ line: Buffer.from(`${JSON.stringify(entry)}\n`, 'utf8'), resolve, reject });
      this.entriesSinceSnapshot += 1;
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        void this.io.run(() => this.flush());
      }
    });
  }

  /**
   * Replace the snapshot with `capture()` (called synchronously when the task starts, so it
   * holds exactly the entries appended so far): temp file + fsync + rename + fsync(dir), then
   * empty the journal it now covers. On failure the covered entries go to the journal instead.
   */
  snapshot(capture: () => string): Promise<void> {
    return this.io.run(async () => {
      const text = capture();
      const covered = this.pending.splice(0);
      this.flushScheduled = false;
      try {
        await this.writeSnapshotFile(text);
        await this.handle.truncate(0).catch((e: unknown) => Promise.reject(diskError('write', this.path, e)));
        await this.handle.sync().catch((e: unknown) => Promise.reject(diskError('write', this.path, e)));
        this.bytes = 0;
        this.entriesSinceSnapshot = this.pending.length;
        for (const p of covered) p.resolve();
      } catch (err) {
        this.pending.unshift(...covered);
        await this.flush();
        throw err;
      }
    });
  }

  /** Waits for every queued write, then closes the file. */
  async close(): Promise<void> {
    await this.io.run(async () => {});
    // After a failed write the handle may be unusable too; closing must still release the dir.
    await this.handle.close().catch((err: unknown) => {
      if (!this.broken) throw err;
    });
  }

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    try {
      await this.handle.writeFile(Buffer.concat(batch.map((p) => p.line)));
      await this.handle.datasync();
    } catch (err) {
      this.broken = true;
      // Cut a partial batch off so the journal replays cleanly after a restart.
      await this.handle.truncate(this.bytes).catch(() => {});
      const failure = diskError('write', this.path, err);
      for (const p of [...batch, ...this.pending.splice(0)]) p.reject(failure);
      return;
    }
    this.bytes += batch.reduce((n, p) => n + p.line.length, 0);
    for (const p of batch) p.resolve();
  }

  /** Temp file, fsync, rename: a failure names the file and cause and leaves no temp file behind. */
  private async writeSnapshotFile(text: string): Promise<void> {
    const tmp = join(this.dir, `${SNAPSHOT}.tmp`);
    try {
      const out = await open(tmp, 'w');
      try {
        await out.writeFile(text, 'utf8');
        await out.sync();
      } finally {
        await out.close();
      }
      await rename(tmp, join(this.dir, SNAPSHOT));
    } catch (err) {
      await unlink(tmp).catch(() => {});
      throw diskError('write', tmp, err);
    }
    await fsyncDir(this.dir);
  }
}
