import type { WebSocketLike } from '../../../extension/sources/teams-local';

/** A socket the test drives by hand: open it, feed it frames, read what the client sent. */
export class FakeSocket implements WebSocketLike {
  readyState = 0;
  readonly sent: string[] = [];
  closedByClient = false;
  onopen: ((event: never) => void) | null = null;
  onmessage: ((event: never) => void) | null = null;
  onclose: ((event: never) => void) | null = null;
  onerror: ((event: never) => void) | null = null;

  constructor(readonly url: string) {}

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('socket is not open');
    this.sent.push(data);
  }

  close(): void {
    this.closedByClient = true;
    this.readyState = 3;
  }

  open(): void {
    this.readyState = 1;
    (this.onopen as ((e: unknown) => void) | null)?.({});
  }

  /** Deliver one frame from "Teams": an object is JSON-encoded, a string goes as is. */
  receive(payload: unknown): void {
    const data = typeof payload === 'string' ? payload : JSON.stringify(payload);
    (this.onmessage as ((e: { data: unknown }) => void) | null)?.({ data });
  }

  /** Teams went away (or the port refused). */
  drop(): void {
    this.readyState = 3;
    (this.onclose as ((e: unknown) => void) | null)?.({});
  }

  sentFrames(): unknown[] {
    return this.sent.map((s) => JSON.parse(s) as unknown);
  }
}

/** A createSocket that hands out FakeSockets and remembers them. */
export function fakeSocketFactory(): { createSocket: (url: string) => FakeSocket; sockets: FakeSocket[] } {
  const sockets: FakeSocket[] = [];
  return {
    sockets,
    createSocket: (url: string) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
  };
}
