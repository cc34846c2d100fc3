import { useEffect, useState } from 'preact/hooks';
import type { PopupState } from '../shared/messages';
import { useUiEnv } from '../ui/ui-env';

/** How often the open popup re-reads the worker's state (the popup lives for seconds). */
export const POLL_MS = 1_000;

/**
 * Polls `getState` while the popup is open; one request at a time, so a slow worker never
 * piles them up. `refresh()` re-reads at once (after an action).
 */
export function usePopupState(): { state: PopupState | null; error: string | null; refresh: () => void } {
  const { send } = useUiEnv();
  const [state, setState] = useState<PopupState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [kick, setKick] = useState(0);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const reply = await send('getState', null);
      if (!live) return;
      if (reply.ok) {
        setState(reply.state);
        setError(null);
      } else setError(reply.error);
      timer = setTimeout(() => void tick(), POLL_MS);
    };
    void tick();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [send, kick]);
  return { state, error, refresh: () => setKick((n) => n + 1) };
}
