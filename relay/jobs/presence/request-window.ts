/**
 * At most `limit` requests in any `windowMs` (Graph: 1,500 presence requests per 30 s per app
 * per tenant): `take()` resolves when one more may be sent.
 */
export class RequestWindow {
  private readonly sent: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.now();
      while (this.sent.length && this.sent[0]! <= now - this.windowMs) this.sent.shift();
      if (this.sent.length < this.limit) {
        this.sent.push(now);
        return;
      }
      if (signal?.aborted) throw signal.reason;
      await new Promise((r) => setTimeout(r, this.sent[0]! + this.windowMs - now));
    }
  }
}
