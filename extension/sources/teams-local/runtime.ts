/**
 * What the client needs from its host, injected so the same code runs in a Chrome MV3 service
 * worker (global WebSocket, real timers) and in Node tests (`ws`, a manual clock).
 */

/** The part of a WebSocket the client uses; both the DOM WebSocket and `ws` satisfy it. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  // `never` parameters let any runtime's richer event types fit; the client reads only
  // `event.data` (a string for text frames in both runtimes) from message events.
  onopen: ((event: never) => void) | null;
  onmessage: ((event: never) => void) | null;
  onclose: ((event: never) => void) | null;
  onerror: ((event: never) => void) | null;
}

/** `WebSocket.OPEN` without relying on a global. */
export const SOCKET_OPEN = 1;

export type TimerHandle = unknown;

/** Time and timers; tests pass a manual clock so back-off and timeouts need no real waiting. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The constant identity tuple Teams binds a pairing token to. */
export interface TeamsIdentity {
  manufacturer: string;
  device: string;
  app: string;
  appVersion: string;
}
