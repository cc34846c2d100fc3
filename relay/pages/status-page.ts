import type { PublicView } from '../../core';
import { escapeHtml } from './escape-html';
import { renderIphoneSteps } from './iphone-steps';
import { renderWatchForm } from './watch-form';
import { statusModel, type StatusModel } from './status-format';

/**
 * Headers for the status page and the not-found page. Nothing inline may run or style, nothing
 * third-party loads, and the share id in the URL never leaves in a Referer header.
 */
export const PAGE_SECURITY_HEADERS: Record<string, string> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-Robots-Tag': 'noindex, nofollow',
};

export interface StatusPageInput {
  view: PublicView;
  shareId: string;
  shareUrl: string;
  /** Zone for times until the viewer's browser re-renders them in its own zone; default UTC. */
  timeZone?: string;
  /** For tests; defaults to the current time. */
  nowMs?: number;
}

function head(title: string, availability: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title>
<link rel="icon" type="image/svg+xml" href="/assets/favicon-${escapeHtml(availability)}.svg">
<link rel="stylesheet" href="/assets/status-page.css">`;
}

/**
 * Initials, never the person's avatar URL: it is on a third-party host, which would learn every
 * viewer's address and when they looked. The CSP (img-src 'self' data:) holds the same line for
 * anything the page script might add. (Avatars could come back proxied through the relay.)
 */
function avatar(m: StatusModel): string {
  const face = `<span data-role="initials" aria-hidden="true">${escapeHtml(m.initials)}</span>`;
  return `<div class="avatar" data-role="avatar" data-initials="${escapeHtml(m.initials)}">${face}<span class="dot"></span></div>`;
}

function list(role: string, className: string, items: string[]): string {
  const lis = items.map((t) => `<li>${escapeHtml(t)}</li>`).join('');
  return `<ul class="${className}" data-role="${role}">${lis}</ul>`;
}

function details(m: StatusModel): string {
  return `<section class="details" data-role="details" aria-label="Details"${m.chips.length || m.calendar.length || m.message ? '' : ' hidden'}>
      <div data-role="call-block"${m.chips.length ? '' : ' hidden'}><h2>Call</h2>${list('call', 'chips', m.chips)}</div>
      <div data-role="calendar-block"${m.calendar.length ? '' : ' hidden'}><h2>Calendar</h2>${list('calendar', 'lines', m.calendar)}</div>
      <div data-role="message-block"${m.message ? '' : ' hidden'}><h2>Message</h2><p class="message" data-role="message">${escapeHtml(m.message)}</p></div>
    </section>`;
}

/** The live status page for one share (a full HTML document; the client script keeps it live). */
export function renderStatusPage(input: StatusPageInput): string {
  const { view, shareId, shareUrl } = input;
  const m = statusModel(view, input.nowMs ?? Date.now(), input.timeZone ?? 'UTC');
  return `${head(m.title, m.availability)}
<link rel="modulepreload" href="/assets/status-format.js">
<link rel="modulepreload" href="/assets/status-page-timeline.js">
<link rel="modulepreload" href="/assets/status-page-watch.js">
<script type="module" src="/assets/status-page.js"></script>
</head>
<body data-share-id="${escapeHtml(shareId)}" data-availability="${escapeHtml(m.availability)}">
<div class="page">
  <header class="topbar">
    <span class="brand">Teams Status</span>
    <span class="live" data-role="live" data-state="connecting">Connecting…</span>
  </header>
  <main class="card" data-role="card" data-since="${escapeHtml(view.since)}" data-updated="${escapeHtml(view.updatedAt)}">
    <section class="person" aria-labelledby="person-name">
      ${avatar(m)}
      <h1 class="name" id="person-name" data-role="name">${escapeHtml(m.displayName)}</h1>
    </section>
    <section class="status" aria-label="Status">
      <div class="status-head"><span class="status-icon" aria-hidden="true"></span><p class="status-label" data-role="label" aria-live="polite" aria-atomic="true">${escapeHtml(m.label)}</p></div>
      <p class="status-since" data-role="since">${escapeHtml(m.since)}</p>
    </section>
    <p class="stale" data-role="stale" role="status"${m.stale ? '' : ' hidden'}>${escapeHtml(m.staleText)}</p>
    <p class="revoked" data-role="revoked" role="alert" hidden>This link was revoked. The person no longer shares their status here.</p>
    ${details(m)}
    <section class="timeline" data-role="timeline-block" aria-labelledby="timeline-title" hidden>
      <h2 id="timeline-title">Timeline</h2>
      <svg class="timeline-bar" data-role="timeline" viewBox="0 0 1000 10" preserveAspectRatio="none" role="img" aria-label=""></svg>
      <div class="timeline-ends"><span data-role="timeline-start"></span><span>Now</span></div>
    </section>
    <p class="updated" data-role="updated">${escapeHtml(m.updated)}</p>
  </main>
  <aside aria-label="Notify me" data-role="watch-help">
    ${renderWatchForm(m.displayName)}
  </aside>
  <aside aria-label="Widget" data-role="widget-help">
    ${renderIphoneSteps(shareId, shareUrl)}
  </aside>
  <footer class="footer">Shared with you by ${escapeHtml(m.displayName)} through a private link. Please don’t pass it on.</footer>
</div>
</body>
</html>
`;
}

/** The page for an unknown or revoked share id (served with status 404). */
export function renderNotFoundPage(): string {
  return `${head('Link not found — Teams Status', 'Unknown')}
</head>
<body data-availability="Unknown">
<div class="page">
  <header class="topbar"><span class="brand">Teams Status</span></header>
  <main class="card notfound">
    <h1>This link was revoked or never existed</h1>
    <p>Ask the person who shared it for a new link.</p>
  </main>
</div>
</body>
</html>
`;
}
