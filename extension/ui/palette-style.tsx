import { AVAILABILITIES, STATUS_COLOURS, SURFACE_COLOURS, type ColourPair } from '../../core';

type Scheme = keyof ColourPair;

/** Colours only the extension's pages use (buttons, focus ring); contrast ≥ 4.5:1 on their grounds. */
const UI_COLOURS = {
  accent: { light: '#4F52B2', dark: '#A5A7F0' },
  accentText: { light: '#FFFFFF', dark: '#1B1B3A' },
  dangerText: { light: '#FFFFFF', dark: '#2A0A0D' },
  focus: { light: '#0F6CBD', dark: '#7FB9F5' },
} as const satisfies Record<string, ColourPair>;

function varsFor(scheme: Scheme): string {
  const surface = Object.entries({ ...SURFACE_COLOURS, ...UI_COLOURS }).map(([name, pair]) => `--${name}: ${pair[scheme]};`);
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
