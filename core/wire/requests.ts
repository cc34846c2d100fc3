import { z } from 'zod';
import { displayText } from './display-text';
import { LIMITS } from './limits';
import { isoTime } from './reports';

/** True for a zone name Intl knows (IANA). */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const SHARE_LEVELS = ['basic', 'detailed'] as const;
export type ShareLevel = (typeof SHARE_LEVELS)[number];

export const registerRequestSchema = z.strictObject({
  displayName: displayText(z.string().trim().min(1, 'must not be empty').max(LIMITS.displayName)),
  email: z.email().max(LIMITS.email).optional(),
  avatarUrl: z.url({ protocol: /^https$/, message: 'must be an https URL' }).max(LIMITS.url).optional(),
  /** IANA zone used for "Busy until 11:00" labels; an addition to the v1 contract. */
  timeZone: z.string().max(LIMITS.timeZone).refine(isTimeZone, 'must be an IANA time zone').optional(),
});
export type RegisterRequest = z.infer<typeof registerRequestSchema>;

export const shareRequestSchema = z.strictObject({
  level: z.enum(SHARE_LEVELS).optional(),
  rotate: z.boolean().optional(),
});
export type ShareRequest = z.infer<typeof shareRequestSchema>;

export interface Share {
  id: string;
  url: string;
  level: ShareLevel;
}

export interface RegisterResponse {
  userId: string;
  token: string;
  share: Share;
}

/** `PUT /api/v1/me/automation` ("take the wheel"); null gives the calendar its say back. */
export const automationRequestSchema = z.strictObject({
  calendarPausedUntil: isoTime.nullable().optional(),
});
export type AutomationRequest = z.infer<typeof automationRequestSchema>;
