import type { TeamsWebPresence } from '../../shared/content-messages';
import { findFirst, labelOf } from './find-controls';
import { PRESENCE_MENU, PRESENCE_WORDS, SELECTORS } from './selectors';

function fromWords(label: string): TeamsWebPresence | null {
  const hit = PRESENCE_WORDS.find((w) => w.match.test(label));
  return hit ? { availability: hit.availability, activity: hit.activity } : null;
}

function fromOpenMenu(root: ParentNode): TeamsWebPresence | null {
  const checked = root.querySelector(`${SELECTORS.presenceMenuItem}[aria-checked="true"]`);
  const suffix = checked?.getAttribute('data-tid')?.slice(SELECTORS.presenceMenuPrefix.length);
  const availability = suffix && Object.hasOwn(PRESENCE_MENU, suffix) ? PRESENCE_MENU[suffix] : undefined;
  return availability ? { availability, activity: availability } : null;
}

/** Whether any of our presence anchors is on the page (even if its words are not understood). */
export function hasPresenceAnchor(root: ParentNode): boolean {
  return findFirst(root, [...SELECTORS.presenceBadge, ...SELECTORS.avatarTrigger, SELECTORS.presenceMenuItem]) !== null;
}

/**
 * Own presence, in Graph's words. The badge shows the live presence (Busy while in a call even
 * when "Available" was chosen), so it comes first; the open presence menu's checked item is
 * language-independent but shows the chosen status, so it only fills in when the badge's words
 * are not understood; the avatar button's label ("Your profile, status Away") is the last resort.
 */
export function parsePresence(root: ParentNode): TeamsWebPresence | null {
  const badge = findFirst(root, SELECTORS.presenceBadge);
  const fromBadge = badge ? fromWords(labelOf(badge)) : null;
  if (fromBadge) return fromBadge;
  const fromMenu = fromOpenMenu(root);
  if (fromMenu) return fromMenu;
  const trigger = findFirst(root, SELECTORS.avatarTrigger);
  return trigger ? fromWords(labelOf(trigger)) : null;
}
