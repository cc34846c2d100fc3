import WebSocket from 'ws';
import type { TeamsLocalSnapshot, TeamsLocalSource, WebSocketLike } from '../../../extension/sources/teams-local';

export const EXTENSION_ORIGIN = 'chrome-extension://teamsstatustestextensionid';

/** The token persistence the platform would provide, in memory, recording every save. */
export function memoryTokenStore(initial: string | null = null) {
  const store = {
    token: initial,
    saves: [] as (string | null)[],
    waiters: [] as (() => void)[],
    loadToken: () => Promise.resolve(store.token),
    saveToken: (token: string | null) => {
      store.token = token;
      store.saves.push(token);
      store.waiters.splice(0).forEach((w) => w());
      return Promise.resolve();
    },
    /** Resolves once a save matching `pred` has happened. */
    until: async (pred: (saves: (string | null)[]) => boolean) => {
      while (!pred(store.saves)) await new Promise<void>((resolve) => store.waiters.push(resolve));
    },
  };
  return store;
}

/** createSocket on the `ws` package, sending an extension Origin and recording raw frames in order. */
export function wsFactory(frames: string[] = []): (url: string) => WebSocketLike {
  return (url) => {
    const socket = new WebSocket(url, { origin: EXTENSION_ORIGIN });
    socket.on('message', (data) => frames.push(data.toString()));
    return socket;
  };
}

/** Resolves with the first snapshot (current or next) that satisfies `pred`. */
export function waitForSnapshot(client: TeamsLocalSource, pred: (s: TeamsLocalSnapshot) => boolean, what = 'the expected Teams state', timeoutMs = 5_000): Promise<TeamsLocalSnapshot> {
  return new Promise((resolve, reject) => {
    if (pred(client.snapshot())) return resolve(client.snapshot());
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${what}; last snapshot ${JSON.stringify(client.snapshot())}`));
    }, timeoutMs);
    const off = client.onChange((s) => {
      if (!pred(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}
