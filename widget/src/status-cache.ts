import { parseShareView, type ShareView } from './share-view';

/** The last good answer for one share, and when we got it. */
export interface CachedStatus {
  fetchedAt: string;
  view: ShareView;
}

// One file per share in the script's local documents (not iCloud: it must work offline,
// and the cache directory may be purged by iOS).
function pathFor(shareId: string): { fm: FileManager; path: string } {
  const fm = FileManager.local();
  return { fm, path: fm.joinPath(fm.documentsDirectory(), `teams-status-${shareId}.json`) };
}

export function readCache(shareId: string): CachedStatus | null {
  try {
    const { fm, path } = pathFor(shareId);
    if (!fm.fileExists(path)) return null;
    const raw: unknown = JSON.parse(fm.readString(path));
    if (typeof raw !== 'object' || raw === null) return null;
    const { fetchedAt, view } = raw as { fetchedAt?: unknown; view?: unknown };
    // The file is re-checked like a relay answer: an older script version may have written it.
    const parsed = parseShareView(view);
    if (typeof fetchedAt !== 'string' || Number.isNaN(Date.parse(fetchedAt)) || !parsed.ok) return null;
    return { fetchedAt, view: parsed.value };
  } catch {
    return null;
  }
}

/** Best effort: a full disk must not hide the fresh status we just fetched. False if not saved. */
export function writeCache(shareId: string, view: ShareView, fetchedAt: Date): boolean {
  try {
    const { fm, path } = pathFor(shareId);
    fm.writeString(path, JSON.stringify({ fetchedAt: fetchedAt.toISOString(), view: toWire(view) }));
    return true;
  } catch {
    return false;
  }
}

/** A revoked link must not keep showing the old status. False if the file could not be removed. */
export function clearCache(shareId: string): boolean {
  try {
    const { fm, path } = pathFor(shareId);
    if (fm.fileExists(path)) fm.remove(path);
    return true;
  } catch {
    return false;
  }
}

// Stored in the relay's own shape so the same hand checks read it back.
function toWire(view: ShareView): unknown {
  const { displayName, ...rest } = view;
  return { user: { displayName, avatarUrl: null }, ...rest };
}
