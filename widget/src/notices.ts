import { SURFACE_COLOURS, type ColourPair } from '../../core/palette';
import type { WidgetState } from './widget-state';

const MINUTE = 60_000;

export interface NoticeModel {
  kind: 'notice';
  symbol: string;
  title: string;
  body: string;
  /** The body in a few words, for the lock screen. */
  brief: string;
  /** The technical reason, for the bigger widgets. */
  detail: string | null;
  /** One word for the lock-screen circle. */
  short: string;
  colour: ColourPair;
  url: string | null;
  refreshAfter: Date;
}

interface NoticeText {
  symbol: string;
  title: string;
  body: string;
  short: string;
  brief: string;
  detail?: string;
}

function notice(t: NoticeText, url: string | null, now: number, minutes: number): NoticeModel {
  const refreshAfter = new Date(now + minutes * MINUTE);
  return { kind: 'notice', detail: null, ...t, colour: SURFACE_COLOURS.secondaryText, url, refreshAfter };
}

/** The screens for every state without a status to show: what happened and what to do. */
export function noticeFor(state: Exclude<WidgetState, { kind: 'live' | 'cached' }>, now: number): NoticeModel {
  switch (state.kind) {
    case 'no-link':
      return notice({ symbol: 'link', title: 'Add a share link', body: 'Long-press the widget, tap Edit Widget, and paste a share link as Parameter.', short: 'Link?', brief: 'Edit Widget → Parameter' }, null, now, 60);
    case 'bad-link':
      return notice({ symbol: 'link', title: 'Not a share link', body: state.reason, short: 'Link?', brief: 'Check the Parameter' }, null, now, 60);
    case 'revoked':
      return notice({ symbol: 'link.badge.plus', title: 'Link revoked', body: 'This link was revoked — ask for a new one.', short: 'Gone', brief: 'Ask for a new one' }, null, now, 60);
    case 'offline': {
      const body = "Can't reach the relay and no status is saved yet. The widget retries by itself.";
      return notice({ symbol: 'wifi.slash', title: 'Offline', body, short: 'Offline', brief: 'No status saved yet', detail: state.reason }, state.target.pageUrl, now, 5);
    }
    case 'crashed':
      return notice({ symbol: 'exclamationmark.triangle', title: 'Widget error', body: 'Something unexpected went wrong.', short: 'Error', brief: state.reason, detail: state.reason }, null, now, 15);
  }
}
