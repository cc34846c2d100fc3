/**
 * Typed slots in chrome.storage. `local` survives browser restarts (settings, relay
 * credentials, Teams token, last reports); `session` lives as long as the browser (per-tab
 * state, which means nothing after a restart).
 */
export interface Slot<T> {
  get(): Promise<T>;
  set(value: T): Promise<void>;
  clear(): Promise<void>;
}

export function slot<T>(key: string, fallback: T, area: 'local' | 'session' = 'local'): Slot<T> {
  const store = () => chrome.storage[area];
  return {
    async get() {
      const got = await store().get(key);
      return key in got ? (got[key] as T) : structuredClone(fallback);
    },
    async set(value) {
      await store().set({ [key]: value });
    },
    async clear() {
      await store().remove(key);
    },
  };
}

/** Write a storage failure (usually a full disk) in words a person can act on. */
export function storageErrorWords(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return /quota/i.test(message)
    ? 'The browser has no room left for the extension\'s data (storage quota reached). Free some disk space; nothing already saved was lost.'
    : `The extension could not save its data: ${message}`;
}
