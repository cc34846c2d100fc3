import { resolveColour, walk, type Appearance, type RecordedColour, type RecordedWidget, type WidgetNode } from '../fakes/scriptable/tree';

export function nodes(w: RecordedWidget): WidgetNode[] {
  return [...walk(w.children)];
}

export function texts(w: RecordedWidget): string[] {
  return nodes(w).flatMap((n) => (n.type === 'text' ? [n.text] : []));
}

export function symbols(w: RecordedWidget): string[] {
  return nodes(w).flatMap((n) => (n.type === 'image' && n.symbol ? [n.symbol] : []));
}

export function textNode(w: RecordedWidget, text: string) {
  const found = nodes(w).find((n) => n.type === 'text' && n.text === text);
  if (!found || found.type !== 'text') throw new Error(`no text "${text}" in ${JSON.stringify(texts(w))}`);
  return found;
}

/** Every colour the script set anywhere in the tree. */
export function colours(w: RecordedWidget): RecordedColour[] {
  const out: RecordedColour[] = w.background ? [w.background] : [];
  for (const n of nodes(w)) {
    if ((n.type === 'text' || n.type === 'date') && n.color) out.push(n.color);
    if (n.type === 'image' && n.tint) out.push(n.tint);
    if (n.type === 'stack' && n.background) out.push(n.background);
  }
  return out;
}

function luminance(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(((n >> 16) & 255) / 255) + 0.7152 * lin(((n >> 8) & 255) / 255) + 0.0722 * lin((n & 255) / 255);
}

/** WCAG contrast ratio of a text colour on the widget's ground in one appearance. */
export function contrast(fg: RecordedColour, bg: RecordedColour, a: Appearance): number {
  const [l1, l2] = [luminance(fg[a].hex), luminance(bg[a].hex)].sort((x, y) => y - x) as [number, number];
  return (l1 + 0.05) / (l2 + 0.05);
}

export const hexIn = (c: RecordedColour | null, a: Appearance) => resolveColour(c, a);

/** WCAG's minimum: 3:1 for large text (≥ 18 pt, or ≥ 14 pt bold), else 4.5:1. */
export function minimumContrast(font: { name: string; size: number | null } | null): number {
  const size = font?.size ?? 17;
  const bold = /^(semibold|bold|heavy|black)/.test(font?.name ?? '');
  return size >= 18 || (bold && size >= 14) ? 3 : 4.5;
}
