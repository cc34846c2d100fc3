import { mkdir, open, readFile, rename, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { JournalEntry, Snapshot } from './embedded-state';

export const SNAPSHOT = 'snapshot.json';
export const JOURNAL = 'journal.jsonl';

/** What a data directory held at open: the last snapshot and the journal entries after it. */
export interface Recovered {
  snapshot: Snapshot | null;
  entries: JournalEntry[];
}

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ENOENT';
}

async function readSnapshot(dir: string): Promise<Snapshot | null> {
  let text: string;
  try {
    text = await readFile(join(dir, SNAPSHOT), 'utf8');
  } catch (err) {
    if (isMissing(err)) return null;
    throw err;
  }
  // Written by rename after fsync, so a bad snapshot is damage, not a crash artefact: stop.
  const parsed = JSON.parse(text) as Snapshot;
  if (parsed.version !== 1) throw new Error(`${SNAPSHOT} has unknown version ${String(parsed.version)}`);
  return parsed;
}

/**
 * Read the journal. Only the last line can be torn by a crash mid-append (it was never
 * acknowledged), so it is skipped with a warning; a bad line before it means damage, and
 * opening stops rather than silently dropping acknowledged writes.
 */
async function readJournal(dir: string, lastN: number, log: (msg: string) => void): Promise<JournalEntry[]> {
  let text: string;
  try {
    text = await readFile(join(dir, JOURNAL), 'utf8');
  } catch (err) {
    if (isMissing(err)) return [];
    throw err;
  }
  const lines = text.split('\n');
  const lastIndex = lines.length - 1 - [...lines].reverse().findIndex((l) => l.trim() !== '');
  const entries: JournalEntry[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let entry: JournalEntry;
    try {
      entry = JSON.parse(line) as JournalEntry;
      if (typeof entry.n !== 'number' || typeof entry.op !== 'string') throw new Error('not a journal entry');
    } catch (err) {
      if (i === lastIndex) {
        log(`store: skipping a torn last line of ${JOURNAL} (line ${i + 1}; a crash mid-write, never acknowledged)`);
        return;
      }
      throw new Error(`${JOURNAL} line ${i + 1} is corrupt (${String(err)}); refusing to open and lose later writes`);
    }
    // Entries already folded into the snapshot (a crash between snapshot and truncation).
    if (entry.n > lastN) entries.push(entry);
  });
  return entries;
}

export async function recover(dir: string, log: (msg: string) => void): Promise<Recovered> {
  await mkdir(dir, { recursive: true });
  const snapshot = await readSnapshot(dir);
  const entries = await readJournal(dir, snapshot?.lastN ?? 0, log);
  return { snapshot, entries };
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Appends entries durably and replaces the snapshot atomically. One writer per directory. */
export class JournalWriter {
  private bytes = 0;
  entriesSinceSnapshot = 0;
  /** Set when a failed append could not be cut off again: further appends would corrupt. */
  broken = false;

  private constructor(
    private readonly dir: string,
    private readonly handle: FileHandle,
  ) {}

  static async open(dir: string): Promise<JournalWriter> {
    const handle = await open(join(dir, JOURNAL), 'a');
    const writer = new JournalWriter(dir, handle);
    writer.bytes = (await handle.stat()).size;
    return writer;
  }

  get size(): number {
    return this.bytes;
  }

  /** Resolves only once the entry is on disk (fdatasync). */
  async append(entry: JournalEntry): Promise<void> {
    const line = Buffer.from(`${JSON.stringify(entry)}\n`, 'utf8');
    try {
      await this.handle.writeFile(line);
      await this.handle.datasync();
    } catch (err) {
      // Cut a partial line off so the next append does not land after garbage.
      await this.handle.truncate(this.bytes).catch(() => {
        this.broken = true;
      });
      throw err;
    }
    this.bytes += line.length;
    this.entriesSinceSnapshot += 1;
  }

  /** temp file + fsync + rename + fsync(dir), then empty the journal it now covers. */
  async writeSnapshot(snapshot: Snapshot): Promise<void> {
    const tmp = join(this.dir, `${SNAPSHOT}.tmp`);
    const out = await open(tmp, 'w');
    try {
      await out.writeFile(JSON.stringify(snapshot), 'utf8');
      await out.sync();
    } finally {
      await out.close();
    }
    await rename(tmp, join(this.dir, SNAPSHOT));
    await fsyncDir(this.dir);
    await this.handle.truncate(0);
    await this.handle.sync();
    this.bytes = 0;
    this.entriesSinceSnapshot = 0;
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}
