import type { Availability } from './availability';

/** One colour pair (hex, no alpha) for light and dark appearance. */
export interface ColourPair {
  readonly light: string;
  readonly dark: string;
}

/**
 * The one palette every surface uses (status page, popup, badge, widget), so a colour means
 * the same thing everywhere. Dark variants are lighter so they keep contrast on dark grounds.
 */
export const STATUS_COLOURS: Record<Availability, ColourPair> = {
  Available: { light: '#107C10', dark: '#6CCB5F' },
  Busy: { light: '#C50F1F', dark: '#F1707B' },
  DoNotDisturb: { light: '#A4262C', dark: '#E37D80' },
  BeRightBack: { light: '#B3670A', dark: '#FCE100' },
  Away: { light: '#B3670A', dark: '#FFB900' },
  Offline: { light: '#616161', dark: '#ADADAD' },
  Unknown: { light: '#616161', dark: '#ADADAD' },
};

/** Page/widget ground and text colours, shared so every surface reads alike. */
export const SURFACE_COLOURS = {
  background: { light: '#FFFFFF', dark: '#1F1F1F' },
  text: { light: '#242424', dark: '#F5F5F5' },
  secondaryText: { light: '#5C5C5C', dark: '#C7C7C7' },
  stale: { light: '#8A6100', dark: '#F7C948' },
} as const satisfies Record<string, ColourPair>;

/** Short badge text for the toolbar icon. */
export const BADGE_TEXT: Record<Availability, string> = {
  Available: '',
  Busy: 'BUSY',
  DoNotDisturb: 'DND',
  BeRightBack: 'BRB',
  Away: 'AWAY',
  Offline: 'OFF',
  Unknown: '?',
};
