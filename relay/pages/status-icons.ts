import { AVAILABILITIES, type Availability } from '../../core';

// Glyphs after Teams' presence icons, so the meaning survives without colour (colour-blind
// viewers, greyscale phones). Used as CSS masks: the page paints them in its own text colour.
const GLYPHS: Record<Availability, string> = {
  Available: '<circle cx="12" cy="12" r="9"/><path d="M7.8 12.4l2.8 2.8 5.6-6"/>',
  Busy: '<circle cx="12" cy="12" r="9" fill="#000"/>',
  DoNotDisturb: '<circle cx="12" cy="12" r="9"/><path d="M7.5 12h9"/>',
  BeRightBack: '<circle cx="12" cy="12" r="9"/><path d="M12 7.5V12l3.2 2"/>',
  Away: '<circle cx="12" cy="12" r="9"/><path d="M12 7.5V12l3.2 2"/>',
  Offline: '<circle cx="12" cy="12" r="9"/><path d="M9 9l6 6M15 9l-6 6"/>',
  Unknown: '<circle cx="12" cy="12" r="9"/><path d="M9.6 9.6a2.5 2.5 0 1 1 3.3 2.4c-.6.2-.9.7-.9 1.3v.5M12 16.6v.2"/>',
};

export function statusIconSvg(availability: Availability): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="#000" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round">${GLYPHS[availability]}</svg>`;
}

export const STATUS_ICON_PATHS: ReadonlyMap<string, Availability> = new Map(
  AVAILABILITIES.map((a) => [`/assets/icon-${a}.svg`, a] as const),
);
