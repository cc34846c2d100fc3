const INTERVAL_MS = 20_000;

/**
 * Chrome stops an idle MV3 worker after 30 s; since Chrome 116 any extension API call resets
 * that timer. While the Teams socket is open or a call is on, make a cheap call every 20 s.
 */
export function createKeepAlive(): { set(wanted: boolean): void } {
  let timer: ReturnType<typeof setInterval> | null = null;
  return {
    set(wanted) {
      if (wanted && !timer) timer = setInterval(() => void chrome.runtime.getPlatformInfo(), INTERVAL_MS);
      if (!wanted && timer) {
        clearInterval(timer);
        timer = null;
      }
    },
  };
}
