import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { diskError } from './disk-error';
import { JOURNAL, SNAPSHOT } from './embedded-journal';
import type { JournalEntry, Snapshot } from './embedded-state';

/** What a data directory held at open: the last snapshot and the journal entries after it. */
export interface Recovered {
  snapshot: Snapshot | null;
  entries: JournalEntry[];
}

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ENOENT';
}

async function readSnapshot(dir: string): Promise<Snapshot | null> {
  const path = join(dir, SNAPSHOT);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (isMissing(err)) return null;
    throw diskError('read', path, err);
  }
  // Written by rename after fsync, so a bad snapshot is damage, not a crash artefact: stop.
  let parsed: Snapshot;
  try {
    parsed = JSON.parse(text) as Snapshot;
  } catch (err) {
    throw new Error(`${path} is not valid JSON (${(err as Error).message}); refusing to open: restore it from a backup`, { cause: err });
  }
  if (parsed.version !== 1) throw new Error(`${path} has unknown version ${String(parsed.version)}`);
  return parsed;
}

/**
 * Read the journal. Only the last line can be torn by a crash mid-append (it was never
 * acknowledged), so it is skipped with a warning; a bad line before it means damage, and
 * opening stops rather than silently dropping acknowledged writes.
 */
async function readJournal(dir: string, lastN: number, log: (msg: string) => void): Promise<JournalEntry[]> {
  const path = join(dir, JOURNAL);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (isMissing(err)) return [];
    throw diskError('read', path, err);
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
      throw new Error(`${path} line ${i + 1} is corrupt (${String(err)}); refusing to open and lose later writes`);
    }
    // Entries already folded into the snapshot (a crash between snapshot and truncation).
    if (entry.n > lastN) entries.push(entry);
  });
  return entries;
}

export async function recover(dir: string, log: (msg: string) => void): Promise<Recovered> {
  const snapshot = await readSnapshot(dir);
  const entries = await readJournal(dir, snapshot?.lastN ?? 0, log);
  return { snapshot, entries };
}
