/** Attributes whose changes can change what the parser reads. */
export const WATCHED_ATTRIBUTES = ['id', 'data-state', 'data-tid', 'aria-label', 'aria-checked', 'aria-pressed', 'class', 'disabled', 'aria-disabled'];

export interface WatchOptions {
  /** Coalesce bursts of mutations (Teams re-renders a lot) into one reading (ms). */
  debounceMs: number;
  /** Read anyway this often: observers miss some transitions (e.g. hang-up from the mini window). */
  pollMs: number;
}

export const WATCH_DEFAULTS: WatchOptions = { debounceMs: 300, pollMs: 5_000 };

/** Call `onTick` after DOM changes (debounced) and on a slow poll. Returns a stop function. */
export function watchPage(doc: Document, onTick: () => void, opts: WatchOptions = WATCH_DEFAULTS): () => void {
  let pending: ReturnType<typeof setTimeout> | null = null;
  const schedule = () => {
    if (pending !== null) return;
    pending = setTimeout(() => {
      pending = null;
      onTick();
    }, opts.debounceMs);
  };
  const observer = new MutationObserver(schedule);
  const target = doc.body ?? doc.documentElement;
  observer.observe(target, { childList: true, subtree: true, attributes: true, attributeFilter: WATCHED_ATTRIBUTES });
  const poll = setInterval(onTick, opts.pollMs);
  return () => {
    observer.disconnect();
    clearInterval(poll);
    if (pending !== null) clearTimeout(pending);
  };
}
