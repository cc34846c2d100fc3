import type { Family } from './run';
import { symbolSvg } from './symbols-svg';
import type { Appearance, RecordedColour, RecordedFont, RecordedWidget, WidgetNode } from './tree';

/** Widget sizes in points on a 390×844 iPhone (inline is one line of text). */
export const WIDGET_SIZES: Record<Family, { width: number; height: number }> = {
  small: { width: 158, height: 158 },
  medium: { width: 338, height: 158 },
  large: { width: 338, height: 354 },
  extraLarge: { width: 715, height: 338 },
  accessoryCircular: { width: 72, height: 72 },
  accessoryRectangular: { width: 160, height: 72 },
  accessoryInline: { width: 234, height: 20 },
};

const LOCK = new Set<Family>(['accessoryCircular', 'accessoryRectangular', 'accessoryInline']);
const WEIGHTS: Record<string, number> = { ultraLight: 200, thin: 100, light: 300, regular: 400, medium: 500, semibold: 600, bold: 700, heavy: 800, black: 900 };
const TEXT_STYLES: Record<string, [number, number]> = {
  largeTitle: [34, 400], title1: [28, 400], title2: [22, 400], title3: [20, 400], headline: [17, 600], subheadline: [15, 400],
  body: [17, 400], callout: [16, 400], footnote: [13, 400], caption1: [12, 400], caption2: [11, 400],
};

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function css(c: RecordedColour | null, a: Appearance, fallback: string, opacity = 1): string {
  if (!c) return fallback;
  const { hex, alpha } = c[a];
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${n >> 16},${(n >> 8) & 255},${n & 255},${+(alpha * opacity).toFixed(3)})`;
}

function font(f: RecordedFont | null): string {
  if (!f) return 'font-size:17px;';
  const style = TEXT_STYLES[f.name];
  if (style) return `font-size:${style[0]}px;font-weight:${style[1]};`;
  const weight = Object.entries(WEIGHTS).find(([w]) => f.name.startsWith(w))?.[1] ?? 400;
  const italic = f.name.startsWith('italic') ? 'font-style:italic;' : '';
  const mono = f.name.includes('Monospaced') ? "font-family:'DejaVu Sans Mono',monospace;" : '';
  return `font-size:${f.size ?? 17}px;font-weight:${weight};${italic}${mono}`;
}

/** SwiftUI's relative style, as far as a still picture can show it. */
export function relativeText(date: number, now: number): string {
  const min = Math.round(Math.abs(now - date) / 60_000);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${h} hr, ${min % 60} min` : `${h} hr`;
  return `${Math.floor(h / 24)} days`;
}

interface Ctx {
  a: Appearance;
  now: number;
  lock: boolean;
}

const growsAlong = (n: WidgetNode, axis: 'horizontal' | 'vertical'): boolean =>
  n.type === 'stack' && n.layout === axis && n.children.some((c) => c.type === 'spacer' && c.length === null);

function node(n: WidgetNode, axis: 'horizontal' | 'vertical', ctx: Ctx): string {
  const defaultText = ctx.lock ? '#fff' : ctx.a === 'dark' ? '#fff' : '#000';
  switch (n.type) {
    case 'spacer':
      return n.length === null ? '<div style="flex:1 1 0;min-width:0;min-height:0"></div>' : `<div style="flex:0 0 ${n.length}px"></div>`;
    case 'image': {
      const size = n.size?.width ?? 18;
      return n.symbol ? symbolSvg(n.symbol, size, css(n.tint, ctx.a, defaultText)) : `<div style="width:${size}px;height:${size}px;background:#888"></div>`;
    }
    case 'text':
    case 'date': {
      const text = n.type === 'text' ? n.text : n.style === 'relative' ? relativeText(n.date, ctx.now) : new Date(n.date).toISOString().slice(11, 16);
      const opacity = n.type === 'text' ? n.opacity : 1;
      const clamp = n.type === 'text' && n.lineLimit > 0 ? `display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:${n.lineLimit};overflow:hidden;` : '';
      const align = n.align ? `text-align:${n.align};align-self:stretch;` : '';
      const nowrap = n.type === 'date' || (n.type === 'text' && n.lineLimit === 1) ? 'white-space:nowrap;text-overflow:ellipsis;overflow:hidden;' : '';
      return `<div class="${n.type}" style="${font(n.font)}color:${css(n.color, ctx.a, defaultText, opacity)};${clamp}${nowrap}${align}min-width:0">${esc(text)}</div>`;
    }
    case 'stack': {
      const dir = n.layout === 'horizontal' ? 'row' : 'column';
      const items = n.layout === 'vertical' ? 'flex-start' : { top: 'flex-start', center: 'center', bottom: 'flex-end', null: 'flex-start' }[String(n.align) as 'null'];
      const grow = growsAlong(n, axis) ? 'flex:1 1 auto;' : growsAlong(n, n.layout) ? 'align-self:stretch;' : '';
      const size = n.size ? `width:${n.size.width}px;height:${n.size.height}px;justify-content:center;align-items:center;flex:none;` : '';
      const pad = n.padding ? `padding:${n.padding[0]}px ${n.padding[3]}px ${n.padding[2]}px ${n.padding[1]}px;` : '';
      const bg = n.background ? `background:${css(n.background, ctx.a, 'transparent')};` : '';
      const inner = n.children.map((c) => node(c, n.layout, ctx)).join('');
      return `<div class="stack" style="display:flex;flex-direction:${dir};align-items:${items};gap:${n.spacing}px;min-width:0;${grow}${pad}${bg}border-radius:${n.cornerRadius}px;${size}">${inner}</div>`;
    }
  }
}

/** One widget at its real size, as iOS would lay it out (approximately) in `appearance`. */
export function renderWidgetHtml(w: RecordedWidget, family: Family, appearance: Appearance, now: number): string {
  const { width, height } = WIDGET_SIZES[family];
  const ctx: Ctx = { a: appearance, now, lock: LOCK.has(family) };
  if (family === 'accessoryInline') {
    // iOS keeps the first image and the first text of an inline widget, on one line.
    const first = (t: WidgetNode['type']) => w.children.find((c) => c.type === t);
    const parts = [first('image'), first('text') ?? first('date')].filter((c): c is WidgetNode => c !== undefined);
    return `<div class="widget lock inline" style="width:${width}px;height:${height}px">${parts.map((c) => node(c, 'horizontal', ctx)).join('')}</div>`;
  }
  const pad = w.padding ?? (ctx.lock ? [0, 0, 0, 0] : [16, 16, 16, 16]);
  const bg = ctx.lock ? (w.accessoryBackground ? 'rgba(255,255,255,0.2)' : 'transparent') : css(w.background, appearance, appearance === 'dark' ? '#000' : '#fff');
  const radius = family === 'accessoryCircular' ? '50%' : ctx.lock ? '12px' : '22px';
  const inner = w.children.map((c) => node(c, 'vertical', ctx)).join('');
  const style = `width:${width}px;height:${height}px;padding:${pad[0]}px ${pad[3]}px ${pad[2]}px ${pad[1]}px;background:${bg};border-radius:${radius};gap:${w.spacing}px`;
  return `<div class="widget${ctx.lock ? ' lock' : ''}" style="${style}">${inner}</div>`;
}

export interface GalleryRow {
  title: string;
  cells: { family: Family; widget: RecordedWidget | null }[];
}

/** Every family × state on one page: home screen on the system ground, lock screen on a wallpaper. */
export function galleryHtml(rows: GalleryRow[], appearance: Appearance, now: number): string {
  const ground = appearance === 'dark' ? '#000' : '#E9E9EE';
  const ink = appearance === 'dark' ? '#EEE' : '#222';
  const body = rows
    .map((r) => {
      const home = r.cells.filter((c) => !LOCK.has(c.family));
      const lock = r.cells.filter((c) => LOCK.has(c.family));
      const cell = (c: GalleryRow['cells'][number]) => (c.widget ? renderWidgetHtml(c.widget, c.family, appearance, now) : '<div class="missing">no widget</div>');
      return `<section><h2>${esc(r.title)}</h2><div class="row">${home.map(cell).join('')}<div class="wallpaper">${lock.map(cell).join('')}</div></div></section>`;
    })
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><style>
    body{margin:0;padding:20px;background:${ground};color:${ink};font-family:'Liberation Sans','DejaVu Sans',sans-serif;width:1320px}
    h1{font-size:18px;margin:0 0 12px} h2{font-size:13px;font-weight:600;margin:14px 0 6px;opacity:.75}
    .row{display:flex;gap:16px;align-items:flex-start}
    .widget{box-sizing:border-box;display:flex;flex-direction:column;align-items:flex-start;justify-content:center;overflow:hidden;flex:none;-webkit-font-smoothing:antialiased;line-height:1.2}
    .widget.lock{filter:grayscale(1)}
    .widget.inline{flex-direction:row;align-items:center;gap:4px;padding:0}
    .wallpaper{display:flex;flex-wrap:wrap;width:260px;gap:10px;padding:12px;border-radius:22px;background:linear-gradient(160deg,#33415c,#5c4d7d 60%,#8f6f8f);align-items:flex-start}
    .missing{width:158px;height:158px;border:2px dashed red}
  </style></head><body><h1>Teams Status widget — ${appearance}</h1>${body}</body></html>`;
}
