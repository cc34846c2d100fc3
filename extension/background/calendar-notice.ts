import type { ResolvedStatus } from '../../core';
import type { SourceSettings } from '../shared/messages';

export type NoticeSettings = Pick<SourceSettings, 'calendarNotifications'>;

/** On unless the person turns it off: an automatic change should never go unnoticed. */
export const DEFAULT_NOTICE_SETTINGS: NoticeSettings = { calendarNotifications: true };

/** Words for a notice setting the worker refuses, or null (messages arrive as plain JSON from a page). */
export function checkNoticeSettings(patch: Partial<NoticeSettings>): string | null {
  if (patch.calendarNotifications !== undefined && typeof patch.calendarNotifications !== 'boolean') return 'The calendar-notification switch must be on or off.';
  return null;
}

/**
 * Tells the person when their calendar changed their status (a meeting began, ended, an
 * out-of-office block started), so an automatic change never goes unnoticed. Changes made by
 * other sources, or a status that only re-resolved to the same words, say nothing. Opt-out:
 * the `calendarNotifications` setting.
 */
export class CalendarNotice {
  enabled = true;
  private last: Pick<ResolvedStatus, 'availability' | 'activity' | 'source'> | null = null;

  constructor(private readonly notify: (title: string, message: string) => void) {}

  observe(status: ResolvedStatus): void {
    const prev = this.last;
    this.last = { availability: status.availability, activity: status.activity, source: status.source };
    if (!prev || !this.enabled) return;
    if (prev.availability === status.availability && prev.activity === status.activity) return;
    if (status.source === 'calendar') this.notify('Your calendar changed your status', status.label);
    else if (prev.source === 'calendar') this.notify('Your calendar block ended', `Your status is now: ${status.label}`);
  }
}
