import type { Socket } from 'node:net';

/** The first bytes of every HTTP/2 connection with prior knowledge (RFC 9113 §3.4). */
export const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

export interface SniffOutcome {
  /** The bytes told: true for the HTTP/2 preface. They are back in the socket for whoever takes it. */
  decided(h2: boolean): void;
  /** Nothing told within the deadline (a client that sends nothing, or half a preface). */
  timedOut(): void;
}

/**
 * Read a new socket's first bytes until they tell HTTP/2's client preface from anything else
 * (usually the first packet: an HTTP/1.1 request line differs from it by its third byte at
 * most), put them back and say which. A socket that ends or fails before that is destroyed;
 * its error handler lives only until the protocol that takes the socket attaches its own.
 */
export function sniffPreface(socket: Socket, deadlineMs: number, outcome: SniffOutcome): void {
  let seen: Buffer = Buffer.alloc(0);
  let done = false;
  // A deadline from the first byte's chance, not an idle timer: a preface sent a byte at a time
  // must not hold the connection open for minutes.
  const deadline = setTimeout(onTimeout, deadlineMs);
  deadline.unref();
  const stop = () => {
    done = true;
    clearTimeout(deadline);
    socket.off('readable', onReadable);
    socket.off('end', onGone);
    socket.off('error', onGone);
  };
  function onGone(): void {
    stop();
    socket.destroy();
  }
  function onTimeout(): void {
    // A relay too busy to run may find the deadline passed before it read what already sits in
    // the socket: timers run before reads in a turn of the event loop. Decide after that read.
    setImmediate(() => {
      if (done || socket.destroyed) return;
      stop();
      outcome.timedOut();
    });
  }
  function onReadable(): void {
    for (let chunk: Buffer | null = socket.read(); chunk !== null; chunk = socket.read()) seen = seen.length ? Buffer.concat([seen, chunk]) : chunk;
    const n = Math.min(seen.length, H2_PREFACE.length);
    const h2 = seen.subarray(0, n).equals(H2_PREFACE.subarray(0, n));
    // Still a beginning of the preface (or nothing yet): wait for more.
    if (h2 && seen.length < H2_PREFACE.length) return;
    stop();
    socket.unshift(seen);
    outcome.decided(h2);
  }
  socket.on('readable', onReadable);
  socket.once('end', onGone);
  socket.once('error', onGone);
}
