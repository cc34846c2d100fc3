import { z } from 'zod';

/** A topic-safe name: lower-case letters, digits and dashes; it becomes part of MQTT topics and Home Assistant ids. */
export const OUTPUT_NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

/** PUT /api/v1/me/outputs/mqtt */
export const mqttOutputRequestSchema = z.strictObject({
  enabled: z.boolean(),
  name: z
    .string()
    .regex(OUTPUT_NAME_PATTERN, 'must be 1 to 40 lower-case letters, digits or dashes, starting and ending with a letter or digit')
    .optional(),
});
export type MqttOutputRequest = z.infer<typeof mqttOutputRequestSchema>;

/** What the relay answers about a person's MQTT output: the topics and entity ids it uses. */
export interface MqttOutputInfo {
  enabled: boolean;
  name: string | null;
  /** Present when enabled and the relay has a broker configured. */
  topics: { state: string; discovery: string; command: string; result: string; availability: string } | null;
  /** Home Assistant entity ids as discovery creates them (before a person renames any). */
  entities: string[];
  /** False when the relay has no MQTT_URL: the setting is kept but nothing is published. */
  brokerConfigured: boolean;
}

/** The call actions a dashboard may ask the person's extension to carry out. */
export const COMMAND_ACTIONS = ['toggle-mute', 'toggle-video', 'toggle-hand', 'leave-call'] as const;
export type CommandAction = (typeof COMMAND_ACTIONS)[number];

export function isCommandAction(value: string): value is CommandAction {
  return (COMMAND_ACTIONS as readonly string[]).includes(value);
}

/** One `event: command` on GET /api/v1/me/commands. */
export const commandSchema = z.object({ id: z.string().min(1).max(64), action: z.enum(COMMAND_ACTIONS) });
export type Command = z.infer<typeof commandSchema>;

/** POST /api/v1/me/commands/{id}: how carrying the command out went. */
export const commandResultSchema = z.strictObject({
  ok: z.boolean(),
  error: z.string().trim().min(1).max(500).optional(),
});
export type CommandResult = z.infer<typeof commandResultSchema>;

/** A command nobody takes within this long expires and is reported as such. */
export const COMMAND_EXPIRY_MS = 10_000;

/** A default output name from a display name ("Ada Lovelace" → "ada-lovelace"); null when nothing is left. */
export function slugOf(text: string): string | null {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug === '' ? null : slug;
}
