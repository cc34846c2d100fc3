import type { StoredDocument } from './store';

/** Documents' one order (by id), the same from both stores. */
export function byId(a: StoredDocument, b: StoredDocument): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
