/**
 * Stand-ins for the SF Symbols the widget uses (Chromium has no SF Symbols font), drawn in
 * one colour like iOS draws them on the lock screen. A symbol missing here is a test failure.
 */

const S = 'fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"';

function cutout(id: string, shape: string, mark: string): string {
  return `<defs><mask id="m-${id}"><rect width="24" height="24" fill="white"/><g fill="none" stroke="black" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round">${mark}</g></mask></defs><g mask="url(#m-${id})">${shape}</g>`;
}

const DISC = '<circle cx="12" cy="12" r="10" fill="currentColor"/>';
const RING = `<circle cx="12" cy="12" r="9.5" ${S} stroke-width="1.8"/>`;
const MIC = `<rect x="9" y="2.5" width="6" height="11.5" rx="3" fill="currentColor"/><path d="M5.5 11a6.5 6.5 0 0 0 13 0M12 17.5V21" ${S}/>`;
const VIDEO = '<rect x="1.5" y="6" width="14" height="12" rx="2.5" fill="currentColor"/><path d="M16.5 10.5 22.5 7v10l-6-3.5Z" fill="currentColor"/>';
const SLASH = `<path d="M3.5 3.5l17 17" ${S} stroke-width="2.2"/>`;
const LINK = `<path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1.2 1.2M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1.2-1.2" ${S}/>`;
const CALENDAR = `<rect x="3" y="4.5" width="18" height="16.5" rx="3" ${S}/><path d="M3 9.5h18M8 2.5v4M16 2.5v4" ${S}/>`;
const TRIANGLE = 'M12 3 22 20H2Z';

export const SYMBOL_SVG: Record<string, string> = {
  'checkmark.circle.fill': cutout('check', DISC, '<path d="M7 12.5l3.5 3.5L17 8.5"/>'),
  'circle.fill': DISC,
  'minus.circle.fill': cutout('minus', DISC, '<path d="M7 12h10"/>'),
  'arrow.uturn.backward.circle.fill': cutout('brb', DISC, '<path d="M9.5 7.5 6.5 10.5l3 3M6.5 10.5H14a3.5 3.5 0 0 1 0 7h-3"/>'),
  'clock.fill': cutout('clock', DISC, '<path d="M12 6.5V12l3.5 2.5"/>'),
  'xmark.circle': `${RING}<path d="M8.5 8.5l7 7M15.5 8.5l-7 7" ${S}/>`,
  'questionmark.circle': `${RING}<path d="M9.5 9.5a2.5 2.5 0 1 1 3.6 2.2c-.7.4-1.1.9-1.1 1.7v.6" ${S}/><circle cx="12" cy="17" r="1.2" fill="currentColor"/>`,
  'phone.fill':
    '<path d="M6.6 2.9c.5-.3 1.2-.2 1.6.3l2.2 2.9c.4.5.3 1.2-.1 1.6l-1.3 1.2c.9 1.9 2.4 3.5 4.3 4.5l1.3-1.2c.5-.4 1.2-.5 1.7-.1l2.9 2.2c.5.4.6 1.1.3 1.6l-1.2 2c-.5.8-1.5 1.2-2.4.9C10 17.3 6.4 13.7 4.9 8.5c-.3-.9.1-1.9.9-2.4z" fill="currentColor"/>',
  'rectangle.on.rectangle': `<rect x="7" y="3" width="14" height="11" rx="2" ${S}/><path d="M17 17v1a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2v-7a2 2 0 0 1 2-2h1" ${S}/>`,
  'mic.fill': MIC,
  'mic.slash.fill': cutout('micslash', MIC, '<path d="M3.5 3.5l17 17" stroke-width="5"/>') + SLASH,
  'video.fill': VIDEO,
  'video.slash.fill': cutout('videoslash', VIDEO, '<path d="M3.5 3.5l17 17" stroke-width="5"/>') + SLASH,
  'record.circle': `${RING}<circle cx="12" cy="12" r="5" fill="currentColor"/>`,
  'hand.raised.fill': `<path d="M8 12V5a1.5 1.5 0 0 1 3 0v6M11 10.5V3.5a1.5 1.5 0 0 1 3 0V11M14 10.5V5a1.5 1.5 0 0 1 3 0v8.5c0 4.5-2.7 7.5-6.5 7.5C7.6 21 6 19 5 16.5l-1.5-3.6a1.4 1.4 0 0 1 2.5-1.2L8 14.5" ${S} fill="currentColor"/>`,
  calendar: CALENDAR,
  'calendar.badge.clock': cutout('calclock', CALENDAR, '<circle cx="17.5" cy="17.5" r="6" fill="black" stroke="none"/>') + `<circle cx="17.5" cy="17.5" r="4.8" ${S} stroke-width="1.8"/><path d="M17.5 15v2.7l1.6 1" ${S} stroke-width="1.6"/>`,
  link: LINK,
  'link.badge.plus': cutout('linkplus', LINK, '<circle cx="19" cy="19" r="5.5" fill="black" stroke="none"/>') + `<path d="M19 15.5v7M15.5 19h7" ${S}/>`,
  'wifi.slash': `<path d="M2.5 9a14 14 0 0 1 19 0M5.8 12.5a9.2 9.2 0 0 1 12.4 0M9 16a4.4 4.4 0 0 1 6 0" ${S}/><circle cx="12" cy="19.5" r="1.4" fill="currentColor"/>${SLASH}`,
  'exclamationmark.triangle': `<path d="${TRIANGLE}" ${S}/><path d="M12 9.5v4.5" ${S}/><circle cx="12" cy="17" r="1.2" fill="currentColor"/>`,
  'exclamationmark.triangle.fill': cutout('warn', `<path d="${TRIANGLE}" fill="currentColor" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/>`, '<path d="M12 9.5v4"/><circle cx="12" cy="16.8" r=".6"/>'),
};

/** The symbol as inline SVG at `size` points, in `colour`. */
export function symbolSvg(name: string, size: number, colour: string): string {
  const body = SYMBOL_SVG[name] ?? `<rect x="2" y="2" width="20" height="20" ${S} stroke-dasharray="3 2"/>`;
  return `<svg class="sym" width="${size}" height="${size}" viewBox="0 0 24 24" style="color:${colour};flex:none">${body}</svg>`;
}
