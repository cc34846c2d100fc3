import { addSymbol, addText, addUpdated, dyn, LOCK_TEXT, row } from './render-parts';
import type { WidgetModel } from './view-model';

type LockFamily = 'accessoryCircular' | 'accessoryRectangular' | 'accessoryInline';

const lock = (alpha = 1) => dyn(LOCK_TEXT, alpha);

function circular(w: ListWidget, m: WidgetModel): void {
  w.addAccessoryWidgetBackground = true;
  w.setPadding(4, 4, 4, 4);
  w.addSpacer();
  const top = row(w, 0);
  top.addSpacer();
  addSymbol(top, m.symbol, 22, lock());
  top.addSpacer();
  w.addSpacer(2);
  const bottom = row(w, 0);
  bottom.addSpacer();
  const stale = m.kind === 'status' && m.stale !== null;
  addText(bottom, stale ? `${m.short}?` : m.short, Font.semiboldRoundedSystemFont(12), lock(stale ? 0.7 : 1)).centerAlignText();
  bottom.addSpacer();
  w.addSpacer();
}

function rectangular(w: ListWidget, m: WidgetModel): void {
  w.addAccessoryWidgetBackground = true;
  w.setPadding(6, 8, 6, 8);
  const top = row(w, 4);
  addSymbol(top, m.symbol, 13, lock());
  if (m.kind === 'notice') {
    addText(top, m.title, Font.boldSystemFont(14), lock());
    addText(w, m.brief, Font.mediumSystemFont(12), lock(0.8), 2);
    return;
  }
  addText(top, m.name, Font.semiboldSystemFont(13), lock());
  addText(w, m.headline, Font.boldRoundedSystemFont(16), lock());
  if (m.stale) {
    addUpdated(w, m.stale, 11, lock(0.8), false);
    return;
  }
  const summary = m.details.length > 0 ? m.details.slice(0, 2).map((d) => d.text).join(' · ') : m.since;
  addText(w, summary, Font.mediumSystemFont(11), lock(0.8));
}

function inline(w: ListWidget, m: WidgetModel): void {
  // iOS shows one image and one text line here; anything more is dropped.
  addSymbol(w, m.symbol, 12, lock());
  const line = m.kind === 'notice' ? m.title : `${m.name.split(/\s+/)[0] ?? m.name}: ${m.headline}${m.stale ? ' (stale)' : ''}`;
  addText(w, line, Font.systemFont(12), lock());
}

/** Lock-screen families: monochrome-safe symbols, accessory background where iOS has one. */
export function renderAccessory(w: ListWidget, m: WidgetModel, family: LockFamily): void {
  if (family === 'accessoryCircular') circular(w, m);
  else if (family === 'accessoryRectangular') rectangular(w, m);
  else inline(w, m);
}
