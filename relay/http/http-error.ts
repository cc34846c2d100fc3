import type { ErrorCode } from '../../core';
import { ERROR_STATUS } from '../../core';

/** A failure with its contract error code; routes throw it, the server shapes the reply. */
export class HttpError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}
