/**
 * Frames of the Teams third-party app API, protocol 2.0.0, as the real captures show them.
 * Parsing is total: every input yields a frame, `unknown` ones carry a kind for the log.
 */

export const STATE_KEYS = ['isMuted', 'isVideoOn', 'isHandRaised', 'isInMeeting', 'isRecordingOn', 'isBackgroundBlurred', 'isSharing', 'hasUnreadMessages'] as const;
export const PERMISSION_KEYS = [
  'canToggleMute',
  'canToggleVideo',
  'canToggleHand',
  'canToggleBlur',
  'canLeave',
  'canReact',
  'canToggleShareTray',
  'canToggleChat',
  'canStopSharing',
  'canPair',
] as const;

export type MeetingStateKey = (typeof STATE_KEYS)[number];
export type PermissionKey = (typeof PERMISSION_KEYS)[number];
/** Teams may send only the fields that changed, so every field can be missing. */
export type MeetingState = Partial<Record<MeetingStateKey, boolean>>;
export type MeetingPermissions = Partial<Record<PermissionKey, boolean>>;

export type InboundFrame =
  | { kind: 'ack'; requestId: number }
  | { kind: 'error'; requestId: number; message: string }
  | { kind: 'token'; token: string }
  | { kind: 'update'; meetingState: MeetingState | null; permissions: MeetingPermissions | null; ignored: string[] }
  | { kind: 'unknown'; reason: string };

/** What the client sends: `{"action": verb, "parameters": {...}, "requestId": n}`. */
export interface OutboundFrame {
  action: string;
  parameters: Record<string, string>;
  requestId: number;
}

const TOKEN_PATTERN = /^[\x21-\x7e]{1,512}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keeps the known boolean fields (null when none); notes what it had to leave out. */
function pickFlags<K extends string>(value: unknown, keys: readonly K[], part: string, ignored: string[]): Partial<Record<K, boolean>> | null {
  if (value === undefined) return null;
  if (!isRecord(value)) {
    ignored.push(`${part} is not an object`);
    return null;
  }
  const out: Partial<Record<K, boolean>> = {};
  let any = false;
  for (const [key, flag] of Object.entries(value)) {
    if (!(keys as readonly string[]).includes(key)) ignored.push(`unknown field ${part}.${key}`);
    else if (typeof flag !== 'boolean') ignored.push(`${part}.${key} is not a boolean`);
    else {
      out[key as K] = flag;
      any = true;
    }
  }
  return any ? out : null;
}

function isRequestId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Parse one text frame from Teams; never throws. */
export function parseFrame(raw: unknown): InboundFrame {
  if (typeof raw !== 'string') return { kind: 'unknown', reason: 'binary or non-text frame' };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { kind: 'unknown', reason: 'frame is not JSON' };
  }
  if (!isRecord(value)) return { kind: 'unknown', reason: 'frame is not a JSON object' };

  if ('meetingUpdate' in value) {
    const update = value.meetingUpdate;
    if (!isRecord(update)) return { kind: 'unknown', reason: 'meetingUpdate is not an object' };
    const ignored: string[] = [];
    const meetingState = pickFlags(update.meetingState, STATE_KEYS, 'meetingState', ignored);
    const permissions = pickFlags(update.meetingPermissions, PERMISSION_KEYS, 'meetingPermissions', ignored);
    if (!meetingState && !permissions) return { kind: 'unknown', reason: 'meetingUpdate without usable fields' };
    return { kind: 'update', meetingState, permissions, ignored };
  }
  if ('tokenRefresh' in value) {
    const token = value.tokenRefresh;
    if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return { kind: 'unknown', reason: 'tokenRefresh is not a plausible token' };
    return { kind: 'token', token };
  }
  if ('requestId' in value) {
    if (!isRequestId(value.requestId)) return { kind: 'unknown', reason: 'requestId is not a non-negative integer' };
    if (typeof value.errorMsg === 'string') return { kind: 'error', requestId: value.requestId, message: value.errorMsg };
    if (value.response === 'Success') return { kind: 'ack', requestId: value.requestId };
    return { kind: 'unknown', reason: 'response frame without "Success" or errorMsg' };
  }
  return { kind: 'unknown', reason: `unknown frame with keys ${Object.keys(value).sort().join(',') || '(none)'}` };
}

/** A token as the store returned it is used only if it still looks like one Teams issued. */
export function isPlausibleToken(token: unknown): token is string {
  return typeof token === 'string' && TOKEN_PATTERN.test(token);
}
