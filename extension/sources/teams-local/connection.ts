import { parseFrame } from './protocol';
import type { InboundFrame, OutboundFrame } from './protocol';
import { SOCKET_OPEN } from './runtime';
import type { Clock, TimerHandle, WebSocketLike } from './runtime';

export interface ConnectionEvents {
  onFrame(frame: InboundFrame): void;
  /** Closed, refused or failed; called at most once per connection. */
  onLost(): void;
}

export interface ConnectionOptions {
  createSocket(url: string): WebSocketLike;
  clock: Clock;
  keepAlive?: () => void;
  keepAliveMs: number;
  log(message: string): void;
}

/** One WebSocket to Teams: events of a replaced or closed socket never leak out. */
export class TeamsConnection {
  private socket: WebSocketLike | null = null;
  private keepAliveTimer: TimerHandle | null = null;
  private nextRequestId = 1;
  private closed = false;

  constructor(
    url: string,
    private readonly options: ConnectionOptions,
    private readonly events: ConnectionEvents,
  ) {
    let socket: WebSocketLike;
    try {
      socket = options.createSocket(url);
    } catch (err) {
      options.log(`could not open a WebSocket: ${String(err)}`);
      options.clock.setTimeout(() => this.lose(), 0);
      return;
    }
    this.socket = socket;
    socket.onopen = () => this.startKeepAlive();
    socket.onmessage = (event: { data: unknown }) => {
      if (!this.closed) events.onFrame(parseFrame(event.data));
    };
    socket.onclose = () => this.lose();
    socket.onerror = () => this.lose();
  }

  get isOpen(): boolean {
    return !this.closed && this.socket?.readyState === SOCKET_OPEN;
  }

  /** Send `{action, parameters, requestId}` with the next requestId (1, 2, … per connection). */
  write(payload: Omit<OutboundFrame, 'requestId'>): number | null {
    if (!this.isOpen || !this.socket) return null;
    const requestId = this.nextRequestId++;
    const frame: OutboundFrame = { action: payload.action, parameters: payload.parameters, requestId };
    try {
      this.socket.send(JSON.stringify(frame));
    } catch (err) {
      this.options.log(`could not send to Teams: ${String(err)}`);
      return null;
    }
    return requestId;
  }

  /** Close without reporting onLost (the owner chose to). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopKeepAlive();
    const socket = this.socket;
    this.socket = null;
    if (!socket) return;
    // Detach with no-op handlers rather than null: `ws` reports an aborted handshake as an
    // 'error' event, which would be unhandled (and fatal in Node) without a listener.
    const ignore = () => undefined;
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = ignore;
    try {
      socket.close();
    } catch {
      // Closing a socket that never opened can throw in some runtimes; it is gone either way.
    }
  }

  private lose(): void {
    if (this.closed) return;
    this.close();
    this.events.onLost();
  }

  /**
   * Keep-alive: Chrome ends an idle MV3 worker after 30 s; WebSocket traffic counts as activity
   * (Chrome 116+), but Teams is silent while nothing changes. The captures show no ping verb,
   * and Teams reacts to unexpected input unpredictably (a bogus token revoked a valid pairing),
   * so we never invent frames for Teams. Instead the host's keepAlive() (a cheap extension API
   * call) runs every 20 s while the socket is open.
   */
  private startKeepAlive(): void {
    const keepAlive = this.options.keepAlive;
    if (!keepAlive || this.closed) return;
    this.keepAliveTimer = this.options.clock.setTimeout(() => {
      try {
        keepAlive();
      } catch (err) {
        this.options.log(`keepAlive failed: ${String(err)}`);
      }
      this.startKeepAlive();
    }, this.options.keepAliveMs);
  }

  private stopKeepAlive(): void {
    if (this.keepAliveTimer !== null) this.options.clock.clearTimeout(this.keepAliveTimer);
    this.keepAliveTimer = null;
  }
}
