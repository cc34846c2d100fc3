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

/**
 * True when `text` holds a control character (C0, DEL or C1, NEL included): they break every
 * surface that shows them. One of the checks of the display-text rule (display-text.ts).
 */
export function hasControlCharacters(text: string): boolean {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return /[\u0000-\u001f\u007f-\u009f]/.test(text);
}
