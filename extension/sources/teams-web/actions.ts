import type { ActionReply } from '../../shared/content-messages';
import type { CallAction } from '../../shared/messages';
import { findControl, findFirst, findInOpenMenu, isDisabled, labelOf, readFlag } from './find-controls';
import type { ControlName } from './find-controls';
import { SELECTORS } from './selectors';

/** How to wait for the page to react; injected so tests and the content script share the logic. */
export interface ActionTiming {
  /** How long to wait for the overflow menu to open / the control to change (ms). */
  timeoutMs: number;
  /** Poll interval while waiting (ms). */
  stepMs: number;
}

const DEFAULT_TIMING: ActionTiming = { timeoutMs: 2000, stepMs: 50 };

const CONTROL_OF: Partial<Record<CallAction['kind'], ControlName>> = {
  'toggle-mute': 'mic',
  'toggle-video': 'camera',
  'toggle-hand': 'hand',
  'leave-call': 'hangup',
};

const WORDS: Record<ControlName, string> = {
  mic: 'microphone',
  camera: 'camera',
  share: 'share',
  hand: 'raise-hand',
  hangup: 'leave',
};

async function waitFor<T>(probe: () => T | null | undefined, timing: ActionTiming): Promise<T | null> {
  const deadline = Date.now() + timing.timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() >= deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, timing.stepMs));
  }
}

function clickable(el: Element): HTMLElement | null {
  // `#hangup-button` can be a wrapper: click the real button inside it.
  const target = el.tagName === 'BUTTON' ? el : (el.querySelector('button') ?? el);
  return typeof (target as HTMLElement).click === 'function' ? (target as HTMLElement) : null;
}

/** Open the overflow menu and find the control among its items, closing the menu if it is not there. */
async function findViaOverflow(root: ParentNode, name: ControlName, timing: ActionTiming): Promise<Element | null | string> {
  const more = findFirst(root, SELECTORS.more);
  if (!more) return null;
  if (isDisabled(more)) return 'Teams has its "More" menu disabled right now.';
  clickable(more)?.click();
  const item = await waitFor(() => findInOpenMenu(root, name), timing);
  if (!item) clickable(more)?.click();
  return item;
}

/** The state to confirm after a toggle, when it could be read before. */
function flagOf(root: ParentNode, name: ControlName): boolean | undefined {
  if (name === 'hangup') return undefined;
  const found = findControl(root, name);
  return found ? readFlag(found, name) : undefined;
}

/**
 * Act on the call by clicking Teams' own control. Refuses, in words, when the control is
 * missing or disabled; after a toggle whose state was readable, waits for Teams to show the
 * change and says so when it does not, rather than pretending.
 */
export async function performAction(root: ParentNode, action: CallAction, timing: ActionTiming = DEFAULT_TIMING): Promise<ActionReply> {
  const name = CONTROL_OF[action.kind];
  if (!name) {
    const what = action.kind === 'send-reaction' ? 'sending reactions' : 'background blur';
    return { ok: false, error: `The Teams web page offers no reliable control for ${what}; use Teams itself for that.` };
  }
  const word = WORDS[name];
  let target: Element | null = findControl(root, name)?.element ?? null;
  const inToolbar = target !== null;
  if (!target) {
    const viaMenu = await findViaOverflow(root, name, timing);
    if (typeof viaMenu === 'string') return { ok: false, error: `The ${word} button is in Teams' overflow menu, but ${viaMenu}` };
    target = viaMenu;
  }
  if (!target) return { ok: false, error: `No ${word} button was found in this Teams tab (is a call open here?).` };
  if (isDisabled(target)) {
    const label = labelOf(target);
    return { ok: false, error: `Teams has the ${word} button disabled right now${label ? ` ("${label}")` : ''}, so it cannot be pressed.` };
  }
  const button = clickable(target);
  if (!button) return { ok: false, error: `The ${word} control in this Teams tab cannot be clicked.` };

  // A menu item closes with its menu, so only toolbar buttons can be watched for the change.
  const before = inToolbar ? flagOf(root, name) : undefined;
  button.click();
  if (before === undefined) return { ok: true };
  const changed = await waitFor(() => (flagOf(root, name) === !before ? true : null), timing);
  if (!changed) return { ok: false, error: `The ${word} button was clicked, but Teams did not show the change within ${timing.timeoutMs / 1000} s.` };
  return { ok: true };
}
