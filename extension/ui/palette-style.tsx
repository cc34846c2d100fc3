import { AVAILABILITIES, STATUS_COLOURS, SURFACE_COLOURS, type ColourPair } from '../../core';

type Scheme = keyof ColourPair;

function varsFor(scheme: Scheme): string {
  const surface = Object.entries(SURFACE_COLOURS).map(([name, pair]) => `--${name}: ${pair[scheme]};`);
  const status = AVAILABILITIES.map((a) => `--status-${a}: ${STATUS_COLOURS[a][scheme]};`);
  return [...surface, ...status].join(' ');
}

/**
 * CSS custom properties generated from core's palette, so the popup uses exactly the colours
 * of the badge, status page and widget (`--background`, `--text`, `--status-Busy`, …).
 */
export function paletteCss(): string {
  return `:root { color-scheme: light dark; ${varsFor('light')} }\n@media (prefers-color-scheme: dark) { :root { ${varsFor('dark')} } }`;
}

export function PaletteStyle() {
  return <style>{paletteCss()}</style>;
}
