import { useCallback, useState } from 'preact/hooks';
import type { ExtensionMessages, MessageType } from '../shared/messages';
import { useUiEnv } from './ui-env';

/** Runs one message for a button; resolves to the reply when it succeeded, else null. */
export type RunAction = <K extends MessageType>(
  type: K,
  payload: ExtensionMessages[K]['request'],
) => Promise<Extract<ExtensionMessages[K]['response'], { ok: true }> | null>;

/**
 * Sends an action and keeps the last failure in words for the page's alert region;
 * a success clears it, like the worker's `lastError`.
 */
export function useAction(): { run: RunAction; error: string | null; pending: boolean; clearError: () => void } {
  const { send } = useUiEnv();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(0);
  const run = useCallback<RunAction>(
    async (type, payload) => {
      setPending((n) => n + 1);
      try {
        const reply = await send(type, payload);
        if (reply.ok) {
          setError(null);
          return reply as never;
        }
        setError(reply.error);
        return null;
      } catch (err) {
        setError(`The action did not complete: ${err instanceof Error ? err.message : String(err)}`);
        return null;
      } finally {
        setPending((n) => n - 1);
      }
    },
    [send],
  );
  return { run, error, pending: pending > 0, clearError: () => setError(null) };
}
