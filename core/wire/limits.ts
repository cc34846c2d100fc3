/** Size limits shared by the relay's validators and the clients that build requests. */
export const LIMITS = {
  bodyBytes: 16 * 1024,
  displayName: 80,
  email: 254,
  url: 2048,
  message: 280,
  graphWord: 64,
  timeZone: 64,
  /** Clock skew tolerated on a report's observedAt before it counts as "in the future". */
  futureSkewMs: 5 * 60_000,
  /** Reports observed before this are absurd (no sensor of ours existed). */
  earliestObservedAt: Date.UTC(2020, 0, 1),
} as const;
