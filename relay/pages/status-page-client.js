// The status page's only script (served as /assets/status-page.js, loaded as a module under a
// strict CSP). It keeps the server-rendered page live from the share's event stream. Data only
// ever reaches the DOM through textContent or a validated https src: never as markup.
/* global document, EventSource, fetch, setTimeout, setInterval */
import { sinceText, statusModel } from './status-format.js';
import { createTimeline } from './status-page-timeline.js';
import { setupWatch } from './status-page-watch.js';

const TICK_MS = 30_000;
const RETRY_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

const body = document.body;
const shareId = body.dataset.shareId ?? '';
const base = `/api/v1/s/${encodeURIComponent(shareId)}`;
const el = (role) => document.querySelector(`[data-role="${role}"]`);
const timeline = createTimeline(el, base);

let current = null;
let source = null;
let failures = 0;
let revoked = false;

function setText(node, text) {
  if (node && node.textContent !== text) node.textContent = text;
}

function setList(node, items) {
  if (!node) return;
  const now = [...node.children].map((li) => li.textContent);
  if (now.length === items.length && now.every((t, i) => t === items[i])) return;
  node.replaceChildren(
    ...items.map((text) => {
      const li = document.createElement('li');
      li.textContent = text;
      return li;
    }),
  );
}

// An avatar that does not load (moved, blocked, offline) falls back to the initials.
function watchAvatar(img, initials) {
  const fallback = () => {
    const span = document.createElement('span');
    span.dataset.role = 'initials';
    span.setAttribute('aria-hidden', 'true');
    span.textContent = initials;
    img.replaceWith(span);
  };
  if (img.complete && img.naturalWidth === 0) fallback();
  else img.addEventListener('error', fallback, { once: true });
}

function setAvatar(m) {
  const box = el('avatar');
  if (!box) return;
  const img = box.querySelector('img');
  const initials = box.querySelector('[data-role="initials"]');
  if (m.avatarUrl) {
    if (img && img.src === m.avatarUrl) return;
    const next = document.createElement('img');
    next.alt = '';
    next.referrerPolicy = 'no-referrer';
    next.dataset.role = 'avatar-img';
    next.src = m.avatarUrl;
    (img ?? initials)?.replaceWith(next);
    watchAvatar(next, m.initials);
  } else if (img || !initials) {
    const span = document.createElement('span');
    span.dataset.role = 'initials';
    span.setAttribute('aria-hidden', 'true');
    span.textContent = m.initials;
    img?.replaceWith(span);
  } else {
    setText(initials, m.initials);
  }
}

function render(view) {
  current = view;
  // Times in the viewer's own zone: that is the clock they will compare with.
  const m = statusModel(view, Date.now(), undefined);
  body.dataset.availability = m.availability;
  document.title = m.title;
  const icon = document.querySelector('link[rel="icon"]');
  if (icon) icon.setAttribute('href', `/assets/favicon-${m.availability}.svg`);
  setAvatar(m);
  setText(el('name'), m.displayName);
  setText(el('label'), m.label);
  setText(el('since'), m.since);
  setText(el('stale'), m.staleText);
  el('stale').hidden = !m.stale;
  setList(el('call'), m.chips);
  setList(el('calendar'), m.calendar);
  setText(el('message'), m.message);
  el('call-block').hidden = m.chips.length === 0;
  el('calendar-block').hidden = m.calendar.length === 0;
  el('message-block').hidden = m.message === '';
  el('details').hidden = m.chips.length === 0 && m.calendar.length === 0 && m.message === '';
  setText(el('updated'), m.updated);
  timeline.update(view);
}

function setLive(state) {
  const node = el('live');
  if (!node) return;
  node.dataset.state = state;
  setText(node, { live: 'Live', reconnecting: 'Reconnecting…', revoked: 'Revoked' }[state] ?? 'Connecting…');
}

function showRevoked() {
  revoked = true;
  source?.close();
  setLive('revoked');
  body.dataset.availability = 'Unknown';
  document.title = 'Link revoked — Teams Status';
  for (const role of ['details', 'stale', 'updated', 'timeline-block', 'widget-help', 'watch-help']) el(role).hidden = true;
  document.querySelector('.status').hidden = true;
  el('revoked').hidden = false;
}

// A stream that fails may mean the share was revoked (404) or just a network blip: ask.
async function checkShare() {
  try {
    const res = await fetch(base, { cache: 'no-store', headers: { accept: 'application/json' } });
    if (res.status === 404) return showRevoked();
  } catch {
    // offline: keep retrying below
  }
  if (!revoked && source?.readyState === EventSource.CLOSED) {
    const wait = RETRY_MS[Math.min(failures, RETRY_MS.length - 1)];
    failures += 1;
    setTimeout(connect, wait);
  }
}

function connect() {
  if (revoked) return;
  source?.close();
  source = new EventSource(`${base}/events`);
  source.addEventListener('open', () => {
    failures = 0;
    setLive('live');
  });
  source.addEventListener('status', (event) => {
    try {
      render(JSON.parse(event.data));
      setLive('live');
    } catch {
      // one malformed event must not stop the page; the next one repairs it
    }
  });
  source.addEventListener('revoked', showRevoked);
  source.addEventListener('error', () => {
    if (revoked) return;
    setLive('reconnecting');
    void checkShare();
  });
}

const firstImg = el('avatar')?.querySelector('img');
if (firstImg) watchAvatar(firstImg, el('avatar')?.dataset.initials ?? '?');

setInterval(() => {
  if (revoked) return;
  if (current) render(current);
  else setText(el('since'), sinceText(el('card')?.dataset.since ?? '', Date.now()));
}, TICK_MS);

connect();
void timeline.load();
setupWatch(el, base);
