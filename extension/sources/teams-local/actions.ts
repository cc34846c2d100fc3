import type { CallAction } from '../../shared/messages';
import { TeamsLocalError } from './errors';
import type { PermissionKey } from './protocol';
import type { TeamsLocalSnapshot } from './snapshot';

interface ActionSpec {
  verb: string;
  permission: PermissionKey;
  /** In words, for "Teams does not allow … right now". */
  what: string;
}

const SPECS: Record<CallAction['kind'], ActionSpec> = {
  'toggle-mute': { verb: 'toggle-mute', permission: 'canToggleMute', what: 'muting or unmuting' },
  'toggle-video': { verb: 'toggle-video', permission: 'canToggleVideo', what: 'turning the camera on or off' },
  'toggle-hand': { verb: 'toggle-hand', permission: 'canToggleHand', what: 'raising or lowering your hand' },
  'toggle-background-blur': { verb: 'toggle-background-blur', permission: 'canToggleBlur', what: 'toggling background blur' },
  'leave-call': { verb: 'leave-call', permission: 'canLeave', what: 'leaving the call' },
  'send-reaction': { verb: 'send-reaction', permission: 'canReact', what: 'sending reactions' },
};

export function actionSpec(action: CallAction): ActionSpec {
  return SPECS[action.kind];
}

/** The `action` and `parameters` of the frame, as in the captures (`{}` unless a reaction). */
export function actionPayload(action: CallAction): { action: string; parameters: Record<string, string> } {
  if (action.kind === 'send-reaction') return { action: 'send-reaction', parameters: { type: action.reaction } };
  return { action: SPECS[action.kind].verb, parameters: {} };
}

/** Why an action cannot be sent now (refused locally, nothing reaches Teams), or null. */
export function refusalFor(snapshot: TeamsLocalSnapshot, connected: boolean, spec: ActionSpec): TeamsLocalError | null {
  const { state, meetingState, permissions } = snapshot;
  if (!connected || state === 'off' || state === 'connecting') return new TeamsLocalError('not-connected', 'Teams desktop is not connected.');
  if (state !== 'paired') return new TeamsLocalError('not-paired', 'Pair with Teams first (in a meeting: "Pair with Teams", then Allow in Teams).');
  if (meetingState?.isInMeeting !== true) return new TeamsLocalError('not-in-meeting', 'You are not in a Teams meeting.');
  if (permissions?.[spec.permission] !== true) return new TeamsLocalError('not-permitted', `Teams does not allow ${spec.what} right now.`);
  return null;
}
