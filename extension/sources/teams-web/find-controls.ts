import { DATA_STATES, LABELS, LEAVE_LABEL, SELECTORS } from './selectors';

/** The call controls we read and click. */
export type ControlName = 'mic' | 'camera' | 'share' | 'hand' | 'hangup';

export interface FoundControl {
  element: Element;
  /** 'id': found by a language-independent selector; 'label': by the localised aria-label fallback. */
  via: 'id' | 'label';
}

export function findFirst(root: ParentNode, selectors: readonly string[]): Element | null {
  for (const selector of selectors) {
    const el = root.querySelector(selector);
    if (el) return el;
  }
  return null;
}

export function labelOf(el: Element): string {
  return (el.getAttribute('aria-label') || el.getAttribute('title') || '').trim();
}

/** Teams ignores clicks on disabled controls, so they count as unavailable. */
export function isDisabled(el: Element): boolean {
  if (el.hasAttribute('disabled') || el.getAttribute('aria-disabled') === 'true') return true;
  // `#hangup-button` can be a wrapper whose real button carries the flag.
  const inner = el.tagName === 'BUTTON' ? null : el.querySelector('button');
  return inner !== null && (inner.hasAttribute('disabled') || inner.getAttribute('aria-disabled') === 'true');
}

function matchesLabel(name: ControlName, label: string): boolean {
  if (name === 'hangup') return LEAVE_LABEL.test(label);
  const rule = LABELS[name];
  return rule.whenTrue.test(label) || rule.whenFalse.test(label);
}

/**
 * The part of the page that holds the call controls, so the label fallback never picks up a
 * "Mute" item of a chat list. It is the toolbar around the hang-up button / duration / mini
 * window, or the nearest ancestor holding a few buttons when Teams drops the toolbar role.
 */
export function callArea(root: ParentNode): Element | null {
  const anchor = findFirst(root, [...SELECTORS.hangup, ...SELECTORS.callDuration, ...SELECTORS.floatingMonitor]);
  if (!anchor) return null;
  const toolbar = anchor.closest('[role="toolbar"]');
  if (toolbar) return toolbar;
  let node: Element | null = anchor.parentElement;
  for (let depth = 0; node && depth < 6; depth += 1, node = node.parentElement) {
    if (node.querySelectorAll('button').length >= 3) return node;
  }
  return null;
}

/** Find a control: by its ids first, then by label inside the call area. */
export function findControl(root: ParentNode, name: ControlName): FoundControl | null {
  const byId = findFirst(root, SELECTORS[name]);
  if (byId) return { element: byId, via: 'id' };
  const area = callArea(root);
  if (!area) return null;
  for (const el of Array.from(area.querySelectorAll(SELECTORS.labelled))) {
    if (matchesLabel(name, labelOf(el))) return { element: el, via: 'label' };
  }
  return null;
}

/** Find a control among the items of an open overflow menu (same ids, else labels). */
export function findInOpenMenu(root: ParentNode, name: ControlName): Element | null {
  const items = Array.from(root.querySelectorAll(SELECTORS.menuItem));
  const byId = items.find((el) => SELECTORS[name].some((selector) => el.matches(selector)));
  if (byId) return byId;
  return items.find((el) => matchesLabel(name, labelOf(el))) ?? null;
}

/**
 * The flag a control shows (mic → muted, camera → on, share → sharing, hand → raised), or
 * undefined when it cannot be told. A data-state we do not recognise means Teams changed its
 * vocabulary: report unknown rather than trust a label that may describe something else.
 */
export function readFlag(found: FoundControl, name: Exclude<ControlName, 'hangup'>): boolean | undefined {
  const el = found.element;
  const dataState = el.getAttribute('data-state');
  if (dataState !== null && name !== 'hand') {
    const states = DATA_STATES[name];
    return Object.hasOwn(states, dataState) ? states[dataState] : undefined;
  }
  if (name === 'hand') {
    const pressed = el.getAttribute('aria-pressed') ?? el.getAttribute('aria-checked');
    if (pressed === 'true') return true;
    if (pressed === 'false') return false;
  }
  const label = labelOf(el);
  const rule = LABELS[name];
  if (rule.whenTrue.test(label)) return true;
  if (rule.whenFalse.test(label)) return false;
  return undefined;
}
