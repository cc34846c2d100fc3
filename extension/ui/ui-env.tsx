import { createContext, type ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import type { ExtensionMessages, MessageType } from '../shared/messages';

/** The typed `send()` the pages use; tests inject a fake, `main.tsx` the platform one. */
export type SendFn = <K extends MessageType>(type: K, payload: ExtensionMessages[K]['request']) => Promise<ExtensionMessages[K]['response']>;

/** Everything a page needs from the outside world, injectable so components render anywhere. */
export interface UiEnv {
  send: SendFn;
  /** Clock for "since" texts and manual-status deadlines. */
  now: () => number;
  copyText: (text: string) => Promise<void>;
  /** IANA zone used for clock times ("until 15:00"). */
  timeZone: string;
  /** How clock times are written; absent: the browser's own locale (tests pin one). */
  locale?: string;
  /**
   * Ask the browser for access to a relay's origin (true when granted or not needed). Only a
   * page can do this, from the click that starts it: the worker cannot show the prompt.
   */
  requestRelayAccess: (relayUrl: string) => Promise<boolean>;
  /** The same for any https address (a calendar link on a host the manifest does not grant). */
  requestHostAccess: (url: string) => Promise<boolean>;
}

const EnvContext = createContext<UiEnv | null>(null);

export function UiEnvProvider(props: { env: UiEnv; children: ComponentChildren }) {
  return <EnvContext.Provider value={props.env}>{props.children}</EnvContext.Provider>;
}

export function useUiEnv(): UiEnv {
  const env = useContext(EnvContext);
  // A page rendered without a provider is a programming error, not a user-facing state.
  if (!env) throw new Error('UiEnvProvider is missing above this component.');
  return env;
}

/** The browser's own clock, clipboard and zone; messaging and permissions come from the platform layer. */
export function browserEnv(platform: Pick<UiEnv, 'send' | 'requestRelayAccess' | 'requestHostAccess'>): UiEnv {
  return {
    ...platform,
    now: () => Date.now(),
    copyText: (text) => navigator.clipboard.writeText(text),
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
}
