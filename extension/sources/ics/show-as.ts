import type ICAL from 'ical.js';
import type { ShowAs } from '../../../core';

/** Outlook's own busy state (MS-OXCICAL); the attendee's view, unlike INTENDEDSTATUS (the organizer's). */
const CDO_BUSY_STATUS: Record<string, ShowAs> = {
  FREE: 'free',
  TENTATIVE: 'tentative',
  BUSY: 'busy',
  OOF: 'oof',
  WORKINGELSEWHERE: 'workingElsewhere',
};

function text(event: ICAL.Component, name: string): string {
  const value = event.getFirstPropertyValue(name);
  return typeof value === 'string' ? value.trim().toUpperCase() : '';
}

/**
 * How an event makes the person look, or null when it does not happen (cancelled). Outlook's
 * X-MICROSOFT-CDO-BUSYSTATUS wins (it distinguishes OOF and working elsewhere; MS-OXCICAL gives
 * it precedence over TRANSP on import); without it, TRANSP:TRANSPARENT means free and
 * STATUS:TENTATIVE tentative. SUMMARY is never read: private items say "Private Appointment".
 */
export function showAsOf(event: ICAL.Component): ShowAs | null {
  if (text(event, 'status') === 'CANCELLED') return null;
  const cdo = CDO_BUSY_STATUS[text(event, 'x-microsoft-cdo-busystatus')];
  if (cdo) return cdo;
  if (text(event, 'transp') === 'TRANSPARENT') return 'free';
  if (text(event, 'status') === 'TENTATIVE') return 'tentative';
  return 'busy';
}
