import { PERMISSION_KEYS, STATE_KEYS } from './protocol';
import type { MeetingPermissions, MeetingState } from './protocol';

/** Merge a (possibly partial) part into the cached one; keys stay in a canonical order. */
function mergeFlags<K extends string>(keys: readonly K[], cached: Partial<Record<K, boolean>> | null, delta: Partial<Record<K, boolean>>): Partial<Record<K, boolean>> {
  const out: Partial<Record<K, boolean>> = {};
  for (const key of keys) {
    const value = delta[key] ?? cached?.[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

export const mergeState = (cached: MeetingState | null, delta: MeetingState): MeetingState => mergeFlags(STATE_KEYS, cached, delta);
export const mergePermissions = (cached: MeetingPermissions | null, delta: MeetingPermissions): MeetingPermissions => mergeFlags(PERMISSION_KEYS, cached, delta);

export function sameFlags<K extends string>(a: Partial<Record<K, boolean>> | null, b: Partial<Record<K, boolean>> | null): boolean {
  if (a === null || b === null) return a === b;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<K>;
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}

/**
 * A permissions-only frame with nothing allowed (not even leaving) is how Teams says the
 * meeting is over (captures: "permissions-only meetingUpdate … end of a call").
 */
export function meansOutOfMeeting(permissions: MeetingPermissions): boolean {
  return PERMISSION_KEYS.every((key) => permissions[key] !== true);
}
