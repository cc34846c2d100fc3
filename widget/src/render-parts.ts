import type { ColourPair } from '../../core/palette';

/** Scriptable's widget families (config.widgetFamily without null). */
export type Family = NonNullable<typeof config.widgetFamily>;
export type Container = ListWidget | WidgetStack;

/** Every colour goes through here, so light and dark are always both defined. */
export function dyn(pair: ColourPair, alpha = 1): Color {
  return Color.dynamic(new Color(pair.light, alpha), new Color(pair.dark, alpha));
}

/** Lock-screen widgets are drawn monochrome by iOS; white keeps full vibrancy. */
export const LOCK_TEXT: ColourPair = { light: '#FFFFFF', dark: '#FFFFFF' };

export function addSymbol(parent: Container, name: string, size: number, colour: Color): WidgetImage | null {
  const symbol = SFSymbol.named(name);
  // An SF Symbol missing on an older iOS returns null; a missing icon beats a crashed widget.
  if (!symbol) return null;
  symbol.applyFont(Font.systemFont(size));
  const image = parent.addImage(symbol.image);
  image.imageSize = new Size(size, size);
  image.tintColor = colour;
  return image;
}

export function addText(parent: Container, text: string, font: Font, colour: Color, lines = 1): WidgetText {
  const t = parent.addText(text);
  t.font = font;
  t.textColor = colour;
  t.lineLimit = lines;
  t.minimumScaleFactor = 0.75;
  return t;
}

export function row(parent: Container, spacing = 4): WidgetStack {
  const s = parent.addStack();
  s.layoutHorizontally();
  s.centerAlignContent();
  s.spacing = spacing;
  return s;
}

export function column(parent: Container, spacing = 0): WidgetStack {
  const s = parent.addStack();
  s.layoutVertically();
  s.spacing = spacing;
  return s;
}

/** "Updated 12 min ago": a relative WidgetDate keeps counting without a refresh. */
export function addUpdated(parent: Container, stale: { at: Date; offline: boolean }, size: number, colour: Color, withSymbol = true): WidgetStack {
  const line = row(parent, 3);
  if (withSymbol) addSymbol(line, stale.offline ? 'wifi.slash' : 'exclamationmark.triangle.fill', size, colour);
  addText(line, 'Updated', Font.mediumSystemFont(size), colour);
  const date = line.addDate(stale.at);
  date.applyRelativeStyle();
  date.font = Font.mediumSystemFont(size);
  date.textColor = colour;
  date.lineLimit = 1;
  addText(line, 'ago', Font.mediumSystemFont(size), colour);
  return line;
}
