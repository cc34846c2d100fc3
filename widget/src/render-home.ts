import { SURFACE_COLOURS } from '../../core/palette';
import { addSymbol, addText, addUpdated, column, dyn, row, type Container } from './render-parts';
import type { NoticeModel, StatusModel } from './view-model';

type HomeFamily = 'small' | 'medium' | 'large';

const text = () => dyn(SURFACE_COLOURS.text);
const secondary = () => dyn(SURFACE_COLOURS.secondaryText);

function header(parent: Container, m: StatusModel, family: HomeFamily): void {
  const r = row(parent, 6);
  if (family === 'large') {
    const avatar = r.addStack();
    avatar.size = new Size(40, 40);
    avatar.cornerRadius = 20;
    avatar.backgroundColor = dyn(m.colour, 0.18);
    avatar.centerAlignContent();
    addText(avatar, m.initials, Font.boldRoundedSystemFont(16), dyn(m.colour));
    const who = column(r, 1);
    addText(who, m.name, Font.semiboldSystemFont(17), text());
    addText(who, m.since, Font.systemFont(13), secondary());
    return;
  }
  addSymbol(r, m.symbol, 14, dyn(m.colour));
  addText(r, m.name, Font.semiboldSystemFont(13), secondary());
}

function detailRows(parent: Container, m: StatusModel, max: number, size: number): void {
  for (const d of m.details.slice(0, max)) {
    const r = row(parent, 5);
    addSymbol(r, d.symbol, size, dyn(m.colour));
    addText(r, d.text, Font.mediumSystemFont(size), text());
  }
}

function footer(parent: Container, m: StatusModel, family: HomeFamily): void {
  if (m.stale) {
    addUpdated(parent, m.stale, family === 'large' ? 13 : 11, dyn(SURFACE_COLOURS.stale));
  } else if (family === 'large') {
    addUpdated(parent, { at: m.updatedAt, offline: false }, 12, secondary(), false);
  } else {
    addText(parent, m.since, Font.systemFont(11), secondary());
  }
}

/** small / medium / large home-screen widgets for a known status. */
export function renderHomeStatus(w: ListWidget, m: StatusModel, family: HomeFamily): void {
  w.backgroundColor = dyn(SURFACE_COLOURS.background);
  const pad = family === 'large' ? 18 : 14;
  w.setPadding(pad, pad, pad, pad);
  header(w, m, family);
  w.addSpacer(family === 'large' ? 14 : 6);
  if (family === 'medium') {
    const body = row(w, 12);
    body.topAlignContent();
    const left = column(body, 4);
    addText(left, m.headline, Font.boldRoundedSystemFont(24), dyn(m.colour), 2);
    body.addSpacer();
    const right = column(body, 6);
    detailRows(right, m, 3, 12);
    if (m.message) addText(right, `“${m.message}”`, Font.italicSystemFont(12), secondary(), 2);
    // A basic share has no details: the status symbol fills the space instead.
    if (m.details.length === 0 && !m.message) addSymbol(right, m.symbol, 44, dyn(m.colour));
  } else {
    const large = family === 'large';
    if (large) {
      // A tinted card gives the status the weight of the whole widget, even on a basic share.
      const card = row(w, 10);
      card.setPadding(14, 14, 14, 14);
      card.cornerRadius = 16;
      card.backgroundColor = dyn(m.colour, 0.12);
      addSymbol(card, m.symbol, 30, dyn(m.colour));
      addText(card, m.headline, Font.boldRoundedSystemFont(30), dyn(m.colour), 2);
      card.addSpacer();
    } else {
      addText(w, m.headline, Font.boldRoundedSystemFont(22), dyn(m.colour), 2);
    }
    w.addSpacer(large ? 14 : 6);
    const list = column(w, large ? 10 : 4);
    detailRows(list, m, large ? 6 : 2, large ? 15 : 11);
    if (large && m.message) {
      w.addSpacer(12);
      const box = column(w);
      box.setPadding(10, 12, 10, 12);
      box.cornerRadius = 12;
      box.backgroundColor = dyn(m.colour, 0.1);
      addText(box, `“${m.message}”`, Font.italicSystemFont(15), text(), 3);
    }
  }
  w.addSpacer();
  footer(w, m, family);
}

/** The instruction / revoked / offline screens on the home screen. */
export function renderHomeNotice(w: ListWidget, m: NoticeModel, family: HomeFamily): void {
  w.backgroundColor = dyn(SURFACE_COLOURS.background);
  w.setPadding(14, 14, 14, 14);
  const big = family !== 'small';
  // The large widget centres its message; the smaller ones have no room to spare.
  if (family === 'large') w.addSpacer();
  const top = row(w, 8);
  addSymbol(top, m.symbol, big ? 22 : 18, dyn(m.colour));
  addText(top, m.title, Font.boldSystemFont(big ? 18 : 15), text(), 2);
  w.addSpacer(8);
  addText(w, m.body, Font.systemFont(big ? 14 : 12), secondary(), family === 'small' ? 6 : 4);
  if (family === 'large' && m.detail) {
    w.addSpacer(12);
    addText(w, m.detail, Font.systemFont(12), secondary(), 3);
  }
  w.addSpacer();
  if (family === 'medium' && m.detail) addText(w, m.detail, Font.systemFont(11), secondary(), 2);
}
