import { useEffect, useState } from 'preact/hooks';
import { useUiEnv } from './ui-env';

/** The env clock, re-read every `everyMs` so relative times ("5 min ago") keep moving. */
export function useNow(everyMs = 15_000): number {
  const { now } = useUiEnv();
  const [value, setValue] = useState(now);
  useEffect(() => {
    const id = setInterval(() => setValue(now()), everyMs);
    return () => clearInterval(id);
  }, [now, everyMs]);
  return value;
}
