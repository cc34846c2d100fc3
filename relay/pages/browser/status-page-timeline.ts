// The status page's timeline bar: the share's history, loaded once, then extended from live
// events. Drawn as SVG rects coloured by class (no inline style).
import type { Availability } from '../../../core/availability';
import type { PublicView } from '../../../core/status';
import { clockTime, LABEL_LOCALE } from '../../../core/wording';
import { timelineSegments, timelineSummary } from './status-model';

const WINDOW_MS = 8 * 60 * 60_000;
const SVG_NS = 'http://www.w3.org/2000/svg';

type Entry = { at: string; availability: Availability };

function setText(node: Element | null, text: string): void {
  if (node && node.textContent !== text) node.textContent = text;
}

/** `base` is the share's API path. */
export function createTimeline(el: (role: string) => HTMLElement | null, base: string) {
  /** History (oldest first); null until loaded or when it cannot be. */
  let history: Entry[] | null = null;
  let latest: PublicView | null = null;

  function remember(view: PublicView | null): void {
    if (!history || !view) return;
    const last = history[history.length - 1];
    if (!last || last.availability !== view.availability) history.push({ at: view.since, availability: view.availability });
  }

  function draw() {
    const block = el('timeline-block');
    const bar = el('timeline');
    if (!block || !bar || !history) return;
    // A viewer's clock a little behind the relay's must not hide the newest stretch.
    const lastAt = Date.parse(history[history.length - 1]?.at ?? '') || 0;
    const now = Math.max(Date.now(), lastAt + 1_000);
    // Up to 8 hours, but never wider than what is known: a new share shows its first minutes in full.
    const first = history[0] ? Date.parse(history[0].at) : now;
    const windowMs = Math.min(Math.max(now - first, 1_000), WINDOW_MS);
    const startText = clockTime(new Date(now - windowMs).toISOString(), now, { locale: LABEL_LOCALE });
    const segments = timelineSegments(history, now, windowMs);
    block.hidden = segments.length === 0;
    bar.replaceChildren(
      ...segments.map((seg) => {
        const rect = document.createElementNS(SVG_NS, 'rect');
        rect.setAttribute('class', `seg-${seg.availability}`);
        rect.setAttribute('x', String(seg.start * 1000));
        rect.setAttribute('width', String((seg.end - seg.start) * 1000));
        rect.setAttribute('y', '0');
        rect.setAttribute('height', '10');
        return rect;
      }),
    );
    bar.setAttribute('aria-label', `From ${startText} to now: ${timelineSummary(segments, windowMs) || 'less than a minute of history'}`);
    setText(el('timeline-start'), startText);
  }

  return {
    /** A new (or re-rendered) status: extend the history and redraw up to now. */
    update(view: PublicView): void {
      latest = view;
      remember(view);
      draw();
    },
    // The timeline is an extra: when history cannot be read the page simply goes without it.
    async load(): Promise<void> {
      try {
        const from = new Date(Date.now() - 24 * 60 * 60_000).toISOString();
        const res = await fetch(`${base}/history?from=${encodeURIComponent(from)}`, { cache: 'no-store', headers: { accept: 'application/json' } });
        if (!res.ok) return;
        const body = (await res.json()) as { items?: unknown };
        if (!Array.isArray(body?.items)) return;
        history = (body.items as Partial<Entry>[]).filter((i): i is Entry => typeof i?.at === 'string' && typeof i?.availability === 'string');
        remember(latest);
        draw();
      } catch {
        // offline, or a relay without history: no timeline
      }
    },
  };
}
