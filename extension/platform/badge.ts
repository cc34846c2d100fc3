import { BADGE_TEXT, STATUS_COLOURS, type Availability } from '../../core';

/**
 * Toolbar badge: short text and the status colour from the shared palette. A stale status
 * keeps its words but turns grey, so the badge never shows a confident colour it can't back.
 */
export async function showBadge(availability: Availability, opts: { stale: boolean; inCall: boolean; title: string }): Promise<void> {
  const text = opts.inCall ? 'CALL' : BADGE_TEXT[availability];
  const colour = STATUS_COLOURS[opts.stale ? 'Unknown' : availability].light;
  await chrome.action.setBadgeText({ text });
  await chrome.action.setBadgeBackgroundColor({ color: colour });
  await chrome.action.setBadgeTextColor({ color: '#FFFFFF' });
  await chrome.action.setTitle({ title: opts.title });
}
