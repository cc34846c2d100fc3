import type { Clock, WebSocketLike } from './runtime';

/** How the host wires the source; see index.ts for an example. */
export interface TeamsLocalSourceOptions {
  /** The worker passes `(url) => new WebSocket(url)`; Node tests pass the `ws` package. */
  createSocket(url: string): WebSocketLike;
  loadToken(): Promise<string | null>;
  saveToken(token: string | null): Promise<void>;
  /** The extension's version; part of the identity tuple Teams binds the token to. */
  appVersion: string;
  /** Default ws://127.0.0.1:8124 (options → Advanced). */
  address?: string;
  clock?: Clock;
  /** Called every keepAliveMs (default 20 s) while the socket is open; see connection.ts. */
  keepAlive?: () => void;
  keepAliveMs?: number;
  /** Default 5 s. */
  commandTimeoutMs?: number;
  /** How long the person has to click Allow in Teams; default 120 s. */
  pairTimeoutMs?: number;
  /** A connection that neither fails nor hears from Teams within this is dropped; default 10 s. */
  connectTimeoutMs?: number;
  /** Default console.warn with a "[teams-local]" prefix. */
  log?: (message: string) => void;
}
