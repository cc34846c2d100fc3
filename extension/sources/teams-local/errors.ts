export type TeamsLocalErrorCode = 'not-connected' | 'not-paired' | 'not-in-meeting' | 'not-permitted' | 'cannot-pair' | 'rejected' | 'timeout' | 'closed';

/** A failed pair() or send(); `message` is written for the person. */
export class TeamsLocalError extends Error {
  constructor(
    readonly code: TeamsLocalErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TeamsLocalError';
  }
}
