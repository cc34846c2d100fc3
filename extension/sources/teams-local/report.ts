import type { TeamsReport } from '../../../core';
import type { CallPermissions, SourceHealth } from '../../shared/messages';
import type { TeamsLocalSnapshot } from './snapshot';

/**
 * The report to publish for source "teams-local", or null when the source knows nothing
 * (off, connecting): publishing `call: null` then would wrongly claim "not in a call".
 * Unpaired but `canPair` means "in a meeting" (Teams offers pairing only there): in a call,
 * details unknown.
 */
export function toTeamsReport(snapshot: TeamsLocalSnapshot, observedAt: string): TeamsReport | null {
  const { state, meetingState: m, permissions } = snapshot;
  if (state === 'off' || state === 'connecting') return null;
  if (m?.isInMeeting === true) {
    const call: NonNullable<TeamsReport['call']> = { inCall: true };
    if (m.isMuted !== undefined) call.muted = m.isMuted;
    if (m.isVideoOn !== undefined) call.camera = m.isVideoOn;
    if (m.isHandRaised !== undefined) call.handRaised = m.isHandRaised;
    if (m.isSharing !== undefined) call.sharing = m.isSharing;
    if (m.isRecordingOn !== undefined) call.recording = m.isRecordingOn;
    return { observedAt, call };
  }
  if (permissions?.canPair === true) return { observedAt, call: { inCall: true } };
  return { observedAt, call: null };
}

const NONE: CallPermissions = { toggleMute: false, toggleVideo: false, toggleHand: false, toggleBlur: false, leave: false, react: false };

/** What the popup may offer: only while paired, in a meeting, and Teams allows it. */
export function toCallPermissions(snapshot: TeamsLocalSnapshot): CallPermissions {
  const p = snapshot.permissions;
  if (snapshot.state !== 'paired' || snapshot.meetingState?.isInMeeting !== true || !p) return { ...NONE };
  return {
    toggleMute: p.canToggleMute === true,
    toggleVideo: p.canToggleVideo === true,
    toggleHand: p.canToggleHand === true,
    toggleBlur: p.canToggleBlur === true,
    leave: p.canLeave === true,
    react: p.canReact === true,
  };
}

/** The popup's health line for this source. */
export function toTeamsLocalHealth(snapshot: TeamsLocalSnapshot): SourceHealth['teamsLocal'] {
  return { state: snapshot.state, canPair: snapshot.canPair, detail: snapshot.detail };
}
