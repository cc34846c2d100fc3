import { z } from 'zod';
import { AVAILABILITIES, SHARE_LEVELS } from '../../core';

/** What we rely on from the relay's answers; anything else there is tolerated and ignored. */
export const shareSchema = z.object({ id: z.string().min(1), url: z.url(), level: z.enum(SHARE_LEVELS) });

export const registerResponseSchema = z.object({ userId: z.string().min(1), token: z.string().min(1), share: shareSchema });

export const resolvedStatusSchema = z.looseObject({
  availability: z.enum(AVAILABILITIES),
  activity: z.string(),
  label: z.string(),
  seq: z.number().int(),
});

export const putSourceResponseSchema = z.object({ applied: z.boolean(), status: resolvedStatusSchema });

export const automationResponseSchema = z.object({ automation: z.object({ calendarPausedUntil: z.string().nullable() }) });

export const errorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export type ShareInfo = z.infer<typeof shareSchema>;
export type RegisterInfo = z.infer<typeof registerResponseSchema>;
export type PutSourceInfo = z.infer<typeof putSourceResponseSchema>;
