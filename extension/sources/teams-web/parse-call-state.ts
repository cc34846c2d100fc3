import type { CallState } from '../../../core';
import type { TeamsWebSnapshot } from '../../shared/content-messages';
import type { CallPermissions } from '../../shared/messages';
import { findControl, findFirst, isDisabled, readFlag } from './find-controls';
import type { ControlName, FoundControl } from './find-controls';
import { hasPresenceAnchor, parsePresence } from './parse-presence';
import { SELECTORS, SELECTORS_VERSION } from './selectors';

const NO_PERMISSIONS: CallPermissions = { toggleMute: false, toggleVideo: false, toggleHand: false, toggleBlur: false, leave: false, react: false };

type Controls = Record<ControlName, FoundControl | null>;

function usable(found: FoundControl | null): boolean {
  return found !== null && !isDisabled(found.element);
}

function readCall(root: ParentNode, c: Controls, healthy: boolean): CallState {
  const call: CallState = { inCall: true };
  const muted = c.mic ? readFlag(c.mic, 'mic') : undefined;
  const camera = c.camera ? readFlag(c.camera, 'camera') : undefined;
  const sharing = c.share ? readFlag(c.share, 'share') : undefined;
  const handRaised = c.hand ? readFlag(c.hand, 'hand') : undefined;
  if (muted !== undefined) call.muted = muted;
  if (camera !== undefined) call.camera = camera;
  if (sharing !== undefined) call.sharing = sharing;
  if (handRaised !== undefined) call.handRaised = handRaised;
  // The indicator only exists while recording; its absence means "not recording" only when the
  // full toolbar is shown (not just the mini window) and reads as expected.
  if (findFirst(root, SELECTORS.recording)) call.recording = true;
  else if (healthy) call.recording = false;
  return call;
}

function permissionsOf(root: ParentNode, c: Controls, healthy: boolean): CallPermissions {
  const more = findFirst(root, SELECTORS.more);
  const overflowOpen = healthy && more !== null && !isDisabled(more);
  return {
    ...NO_PERMISSIONS,
    toggleMute: usable(c.mic),
    toggleVideo: usable(c.camera),
    // The hand button is the one Teams most often moves into the overflow menu.
    toggleHand: c.hand ? usable(c.hand) : overflowOpen,
    leave: usable(c.hangup),
  };
}

/**
 * Read the Teams web page. Pure: looks at the DOM under `root`, changes nothing.
 *
 * - in-call: call evidence (duration, hang-up button or the mini window) and the microphone or
 *   camera button found.
 * - page-changed: call evidence from the toolbar but neither the microphone nor the camera
 *   button (Teams renamed its anchors), or the Teams app shell with none of our presence
 *   anchors. The call, when evident, is still reported with whatever could be read.
 * - prejoin: the join button of the pre-join screen, no call evidence.
 * - idle: none of the above. The call is `{inCall:false}` when the page shows Teams (shell or
 *   presence), `null` when nothing recognisable is on the page (still loading, signed out).
 */
export function parseTeamsPage(root: ParentNode): TeamsWebSnapshot {
  const presence = parsePresence(root);
  const base = { presence, selectorsVersion: SELECTORS_VERSION };
  const miniWindow = findFirst(root, SELECTORS.floatingMonitor);
  // The mini window carries its own hang-up (and maybe mic) button; only the full toolbar
  // outside it is expected to hold all our anchors.
  const toolbarEvidence = [...SELECTORS.callDuration, ...SELECTORS.hangup].some((selector) =>
    Array.from(root.querySelectorAll(selector)).some((el) => !miniWindow?.contains(el)),
  );

  if (toolbarEvidence || miniWindow) {
    const c: Controls = {
      mic: findControl(root, 'mic'),
      camera: findControl(root, 'camera'),
      share: findControl(root, 'share'),
      hand: findControl(root, 'hand'),
      hangup: findControl(root, 'hangup'),
    };
    const anchorsGone = toolbarEvidence && !c.mic && !c.camera;
    return {
      ...base,
      state: anchorsGone ? 'page-changed' : 'in-call',
      call: readCall(root, c, toolbarEvidence && !anchorsGone),
      permissions: permissionsOf(root, c, !anchorsGone),
      detail: anchorsGone ? 'Teams changed its call toolbar: the microphone and camera buttons were not found.' : null,
    };
  }

  const shell = findFirst(root, SELECTORS.appShell) !== null;
  if (findFirst(root, SELECTORS.prejoinJoin)) {
    return { ...base, state: 'prejoin', call: { inCall: false }, permissions: NO_PERMISSIONS, detail: null };
  }
  if (shell && !hasPresenceAnchor(root)) {
    return {
      ...base,
      state: 'page-changed',
      call: null,
      permissions: NO_PERMISSIONS,
      detail: 'Teams changed its page: your presence badge was not found.',
    };
  }
  const recognisable = shell || presence !== null || hasPresenceAnchor(root);
  return { ...base, state: 'idle', call: recognisable ? { inCall: false } : null, permissions: NO_PERMISSIONS, detail: null };
}
