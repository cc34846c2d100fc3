/**
 * The meeting as the simulated Teams sees it, and the frames each kind of client gets about it,
 * shaped like the real captures (tests/fixtures/teams-local-api).
 */

export interface FullMeetingState {
  isMuted: boolean;
  isVideoOn: boolean;
  isHandRaised: boolean;
  isInMeeting: boolean;
  isRecordingOn: boolean;
  isBackgroundBlurred: boolean;
  isSharing: boolean;
  hasUnreadMessages: boolean;
}

export interface FullPermissions {
  canToggleMute: boolean;
  canToggleVideo: boolean;
  canToggleHand: boolean;
  canToggleBlur: boolean;
  canLeave: boolean;
  canReact: boolean;
  canToggleShareTray: boolean;
  canToggleChat: boolean;
  canStopSharing: boolean;
  canPair: boolean;
}

// Key order as in the captures, so frames read the same.
export const IDLE_STATE: FullMeetingState = {
  isMuted: false,
  isRecordingOn: false,
  isVideoOn: false,
  hasUnreadMessages: false,
  isHandRaised: false,
  isSharing: false,
  isInMeeting: false,
  isBackgroundBlurred: false,
};

const NOTHING_ALLOWED: FullPermissions = {
  canReact: false,
  canToggleVideo: false,
  canToggleMute: false,
  canToggleHand: false,
  canToggleShareTray: false,
  canLeave: false,
  canToggleBlur: false,
  canToggleChat: false,
  canStopSharing: false,
  canPair: false,
};

/**
 * Permissions as the captures show them: everything out of a meeting is false; in one, blur is
 * allowed only with the camera on, stop-sharing only while sharing, pairing only when unpaired.
 */
export function permissionsFor(state: FullMeetingState, paired: boolean): FullPermissions {
  if (!state.isInMeeting) return { ...NOTHING_ALLOWED };
  return {
    canReact: true,
    canToggleVideo: true,
    canToggleMute: true,
    canToggleHand: true,
    canToggleShareTray: true,
    canLeave: true,
    canToggleBlur: state.isVideoOn,
    canToggleChat: true,
    canStopSharing: state.isSharing,
    canPair: !paired,
  };
}

type Flags = Record<string, boolean>;

function changedOnly<T extends object>(next: T, previous: T | null): Partial<T> {
  if (!previous) return { ...next };
  const out: Flags = {};
  for (const [key, value] of Object.entries(next) as [string, boolean][]) if ((previous as Flags)[key] !== value) out[key] = value;
  return out as Partial<T>;
}

/** What one connection was last told, so deltas and "nothing changed" can be computed. */
export interface ClientView {
  state: FullMeetingState | null;
  permissions: FullPermissions | null;
}

/**
 * The meetingUpdate for one client, or null when it has nothing new. Paired clients in a
 * meeting get state and permissions; others only permissions (the API never shows an
 * unpaired client the meeting state). `force` resends everything (on connect, duplicates).
 */
export function updateFor(view: ClientView, meeting: FullMeetingState, paired: boolean, opts: { deltas: boolean; force: boolean }): { frame: object; view: ClientView } | null {
  const permissions = permissionsFor(meeting, paired);
  const showState = paired && meeting.isInMeeting;
  const base = opts.force ? { state: null, permissions: null } : view;
  const stateDelta = showState ? changedOnly(meeting, base.state) : {};
  const permissionDelta = changedOnly(permissions, base.permissions);
  const statePart = Object.keys(stateDelta).length === 0 ? {} : opts.deltas ? stateDelta : { ...meeting };
  const permissionPart = Object.keys(permissionDelta).length === 0 ? {} : opts.deltas ? permissionDelta : { ...permissions };
  const update: { meetingState?: Partial<FullMeetingState>; meetingPermissions?: Partial<FullPermissions> } = {};
  if (Object.keys(statePart).length > 0) update.meetingState = statePart;
  // Like the captures: full (non-delta) frames repeat the permissions next to any state change.
  if (Object.keys(permissionPart).length > 0 || (!opts.deltas && update.meetingState)) update.meetingPermissions = { ...permissions };
  if (!update.meetingState && !update.meetingPermissions) return null;
  return { frame: { meetingUpdate: update }, view: { state: showState ? { ...meeting } : null, permissions } };
}
