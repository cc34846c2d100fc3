import { z } from 'zod';
import { callStateSchema, presenceSchema } from '../../core';
import type { CallState } from '../../core';
import type { CallAction, CallPermissions } from './messages';

/**
 * The contract between the Teams web content script and the service worker. It is separate
 * from ExtensionMessages because the sender is a web page's content script, not one of the
 * extension's own pages: the worker must validate every payload (`parseContentMessage`).
 */

/** What the Teams web page shows: see the README, "Teams web" for each state's definition. */
export type TeamsWebPageState = 'idle' | 'in-call' | 'page-changed' | 'prejoin';

/** Own presence as the Teams page shows it, in Graph's words (Available, Busy, DoNotDisturb…). */
export interface TeamsWebPresence {
  availability: string;
  activity: string;
}

/** One reading of the Teams web page. Omitted call flags mean "could not tell". */
export interface TeamsWebSnapshot {
  state: TeamsWebPageState;
  call: CallState | null;
  presence: TeamsWebPresence | null;
  permissions: CallPermissions;
  /** Why the state is what it is, in words for the person (set for page-changed). */
  detail: string | null;
  selectorsVersion: string;
}

/**
 * Every reply carries ok; failures carry words a person can read. (Own type: `Reply<>` of
 * messages.ts with its default parameter turns `ok` into `never`.)
 */
export type ActionReply = { ok: true } | { ok: false; error: string };

export type UpdateReason = 'change' | 'heartbeat' | 'start';

/** content script → worker */
export interface ContentToWorker {
  teamsWebUpdate: { request: { snapshot: TeamsWebSnapshot; reason: UpdateReason }; response: ActionReply };
}

/** worker → content script (chrome.tabs.sendMessage) */
export interface WorkerToContent {
  teamsWebAction: { request: { action: CallAction }; response: ActionReply };
  teamsWebPing: { request: null; response: { ok: true; snapshot: TeamsWebSnapshot } | { ok: false; error: string } };
}

export type ContentEnvelope<M, K extends keyof M = keyof M> = K extends keyof M
  ? { type: K; payload: M[K] extends { request: infer R } ? R : never }
  : never;

export type WorkerToContentHandlers = {
  [K in keyof WorkerToContent]: (payload: WorkerToContent[K]['request']) => Promise<WorkerToContent[K]['response']>;
};

const permissionsSchema = z.strictObject({
  toggleMute: z.boolean(),
  toggleVideo: z.boolean(),
  toggleHand: z.boolean(),
  toggleBlur: z.boolean(),
  leave: z.boolean(),
  react: z.boolean(),
});

/** Validates a snapshot arriving from a content script (the worker's edge). */
export const teamsWebSnapshotSchema = z.strictObject({
  state: z.enum(['idle', 'in-call', 'page-changed', 'prejoin']),
  call: callStateSchema.nullable(),
  presence: presenceSchema.nullable(),
  permissions: permissionsSchema,
  detail: z.string().max(300).nullable(),
  selectorsVersion: z.string().max(40),
});

const contentToWorkerSchema = z.strictObject({
  type: z.literal('teamsWebUpdate'),
  payload: z.strictObject({ snapshot: teamsWebSnapshotSchema, reason: z.enum(['change', 'heartbeat', 'start']) }),
});

const reactionSchema = z.enum(['like', 'love', 'applause', 'laugh', 'wow']);
const callActionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('toggle-mute') }),
  z.strictObject({ kind: z.literal('toggle-video') }),
  z.strictObject({ kind: z.literal('toggle-hand') }),
  z.strictObject({ kind: z.literal('toggle-background-blur') }),
  z.strictObject({ kind: z.literal('leave-call') }),
  z.strictObject({ kind: z.literal('send-reaction'), reaction: reactionSchema }),
]);

const workerToContentSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('teamsWebAction'), payload: z.strictObject({ action: callActionSchema }) }),
  z.strictObject({ type: z.literal('teamsWebPing'), payload: z.null() }),
]);

/** A message from a content script, or null when it is not one of ours (or malformed). */
export function parseContentMessage(value: unknown): ContentEnvelope<ContentToWorker> | null {
  const parsed = contentToWorkerSchema.safeParse(value);
  return parsed.success ? (parsed.data as ContentEnvelope<ContentToWorker>) : null;
}

/** A request from the worker, or null when it is not one of ours (or malformed). */
export function parseWorkerRequest(value: unknown): ContentEnvelope<WorkerToContent> | null {
  const parsed = workerToContentSchema.safeParse(value);
  return parsed.success ? (parsed.data as ContentEnvelope<WorkerToContent>) : null;
}
