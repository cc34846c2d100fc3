import { z } from 'zod';
import { LIMITS } from './limits';
import { isTimeZone } from './requests';

/** Meeting roulette (relay-api.md, "Meeting roulette"). */
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD').refine((d) => Number.isFinite(Date.parse(`${d}T00:00:00Z`)), 'must be a real date');
const email = z.string().trim().toLowerCase().pipe(z.email('must be an email address').max(LIMITS.email));

/** The organisation's settings; every field has a default, a PUT changes only what it names. */
export const rouletteSettingsSchema = z.strictObject({
  groupSize: z.literal(2, 'must be 2: people meet in pairs (one trio when the count is odd)').optional(),
  everyWeeks: z.number().int('must be a whole number').min(1, 'must be 1 to 8').max(8, 'must be 1 to 8').optional(),
  weekday: z.enum(WEEKDAYS, 'must be a weekday in English, lower case (monday … sunday)').optional(),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time as HH:MM (24-hour)').optional(),
  timeZone: z.string().max(LIMITS.timeZone).refine(isTimeZone, 'must be an IANA time zone').optional(),
  durationMinutes: z.number().int('must be a whole number').min(15, 'must be 15 to 120 minutes').max(120, 'must be 15 to 120 minutes').optional(),
  noRepeatWeeks: z.number().int('must be a whole number').min(0, 'must be 0 to 104').max(104, 'must be 0 to 104').optional(),
  crossDepartment: z.boolean('must be true or false').optional(),
  /** An addition: the scheduled rounds run only while this is true (default false until set). */
  enabled: z.boolean('must be true or false').optional(),
});
export type RouletteSettingsInput = z.infer<typeof rouletteSettingsSchema>;
export type RouletteSettings = Required<RouletteSettingsInput>;

export const DEFAULT_ROULETTE_SETTINGS: RouletteSettings = {
  groupSize: 2,
  everyWeeks: 1,
  weekday: 'monday',
  time: '09:00',
  timeZone: 'UTC',
  durationMinutes: 30,
  noRepeatWeeks: 12,
  crossDepartment: true,
  enabled: false,
};

export const roundRequestSchema = z.strictObject({
  dryRun: z.boolean('must be true or false').optional(),
  weekOf: date.optional(),
  /** An addition: the same seed and week give the same plan (default: the week itself). */
  seed: z.string().min(1).max(64).optional(),
});

export const rescheduleRequestSchema = z.strictObject({ by: email });

export const groupOutcomeSchema = z.strictObject({ state: z.enum(['met', 'declined', 'no-show'], 'must be met, declined or no-show') });

/** A person's own choices: PUT /api/v1/me/roulette. */
export const rouletteChoicesSchema = z.strictObject({
  optOut: z.boolean('must be true or false').optional(),
  snoozeUntil: date.nullable().optional(),
  doNotPair: z.array(email).max(50, 'must list at most 50 people').optional(),
});
export interface RouletteChoices {
  optOut: boolean;
  snoozeUntil: string | null;
  doNotPair: string[];
}

export interface RouletteSlot {
  start: string;
  end: string;
}

/**
 * "Suggest another time", sent to the group's other members through their own notification
 * channels (the webhook's JSON; inside ntfy messages, pushes and the Teams card). `url` is the
 * one-time page where they pick; `id` is the delivery's idempotency key (the webhook-id).
 */
export interface RescheduleEvent {
  type: 'roulette.reschedule';
  id: string;
  at: string;
  /** Who cannot make it (their email). */
  by: string;
  slots: RouletteSlot[];
  url: string;
  expiresAt: string;
  /** The organisation's zone the times are shown in. */
  timeZone: string;
}

/**
 * A group's state: `planned` (dry run, or no event yet), `scheduled` (an event in the
 * organiser's calendar), `link` (a Teams link to create it: the relay may not write calendars),
 * `no-slot` (no mutual free time this week), `rescheduled`, then what happened: `met`,
 * `declined`, `no-show`.
 */
export type GroupState = 'planned' | 'scheduled' | 'link' | 'no-slot' | 'rescheduled' | 'met' | 'declined' | 'no-show';

export interface RouletteGroupView {
  people: string[];
  slot: RouletteSlot | null;
  state: GroupState;
  /** The Teams join URL of the event, or the deep link that creates the meeting. */
  link: string | null;
}

export interface RouletteFigures {
  placed: number;
  eligible: number;
  placedShare: number;
  repeatRate: number;
  crossDepartmentShare: number;
}

export interface RouletteRoundView {
  id: string;
  weekOf: string;
  dryRun: boolean;
  createdAt: string;
  pairs: RouletteGroupView[];
  unpaired: { email: string; reason: string }[];
  figures: RouletteFigures;
}
