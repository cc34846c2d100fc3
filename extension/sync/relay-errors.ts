/** Why a relay call failed, in classes the outbox and the UI act on. */
export type RelayErrorKind = 'network' | 'http' | 'invalid-response';

export class RelayError extends Error {
  constructor(
    readonly kind: RelayErrorKind,
    message: string,
    readonly status: number | null = null,
    readonly code: string | null = null,
    /** From a 429/503 Retry-After header. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'RelayError';
  }
}

/** What the outbox does with a failed send (relay-api.md error classes). */
export type FailureClass = 'retry' | 'drop' | 'revoked';

export function classify(err: unknown): FailureClass {
  if (!(err instanceof RelayError)) return 'retry';
  if (err.kind !== 'http' || err.status === null) return 'retry';
  if (err.status === 401) return 'revoked';
  if (err.status === 408 || err.status === 429 || err.status >= 500) return 'retry';
  return 'drop';
}
