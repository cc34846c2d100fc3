import { AVAILABILITIES, STATUS_COLOURS, type Availability } from '../../core';

/** A status-coloured dot; the page swaps it live so a background tab shows the status too. */
export function faviconSvg(availability: Availability): string {
  const { light, dark } = STATUS_COLOURS[availability];
  // Attributes only (no <style>), so no stylesheet policy can blank it; the dark-mode colour
  // as a ring keeps the dot visible on dark tab strips.
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="13" fill="${light}" stroke="${dark}" stroke-width="3"/></svg>`;
}

export const FAVICON_PATHS: ReadonlyMap<string, Availability> = new Map(
  AVAILABILITIES.map((a) => [`/assets/favicon-${a}.svg`, a] as const),
);
