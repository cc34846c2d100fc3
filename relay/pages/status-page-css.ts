import { AVAILABILITIES, STATUS_COLOURS, SURFACE_COLOURS } from '../../core';

// Generated from core's palette so the page, popup, badge and widget agree on every colour.
// Text on a status colour: white on the darker light-mode colours, near-black on the lighter
// dark-mode ones (all pairs ≥ 4.3:1, and the label is large bold text).
const ON_STATUS = { light: '#FFFFFF', dark: SURFACE_COLOURS.background.dark } as const;

function tokens(mode: 'light' | 'dark'): string {
  const s = SURFACE_COLOURS;
  const lines = [
    `--bg: ${s.background[mode]};`,
    `--text: ${s.text[mode]};`,
    `--muted: ${s.secondaryText[mode]};`,
    `--stale: ${s.stale[mode]};`,
    `--on-status: ${ON_STATUS[mode]};`,
    ...AVAILABILITIES.map((a) => `--status-${a}: ${STATUS_COLOURS[a][mode]};`),
  ];
  return lines.map((l) => `  ${l}`).join('\n');
}

const perAvailability = AVAILABILITIES.map(
  (a) => `[data-availability="${a}"] { --status: var(--status-${a}); --icon: url(/assets/icon-${a}.svg); }`,
).join('\n');

// Timeline stretches are SVG rects coloured by class: no inline style is needed (CSP).
const timelineFills = AVAILABILITIES.map((a) => `.timeline-bar .seg-${a} { fill: var(--status-${a}); }`).join('\n');

const BODY = `
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; min-height: 100vh; background: var(--bg); color: var(--text);
  font: 400 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  display: flex; flex-direction: column; align-items: center;
  padding: max(1rem, env(safe-area-inset-top)) 1rem max(1.5rem, env(safe-area-inset-bottom));
}
.page { width: 100%; max-width: 30rem; display: flex; flex-direction: column; gap: 1rem; }
@media (min-width: 40rem) { body { padding-top: 3rem; } }
.topbar { display: flex; justify-content: space-between; align-items: center; color: var(--muted); font-size: .875rem; }
.brand { font-weight: 600; letter-spacing: .01em; }
.live { display: inline-flex; align-items: center; gap: .4rem; }
.live::before { content: ""; width: .55rem; height: .55rem; border-radius: 50%; background: var(--muted); }
.live[data-state="live"]::before { background: var(--status-Available); animation: pulse 2.4s ease-in-out infinite; }
.live[data-state="reconnecting"]::before { background: var(--stale); }
.live[data-state="revoked"]::before { background: var(--status-Busy); }
@keyframes pulse { 50% { opacity: .35; } }
@media (prefers-reduced-motion: reduce) { .live[data-state="live"]::before { animation: none; } }
.card {
  border: 1px solid color-mix(in srgb, var(--text) 12%, transparent); border-radius: 1.25rem;
  background: color-mix(in srgb, var(--text) 3%, var(--bg)); overflow: hidden;
}
.person { display: flex; align-items: center; gap: 1rem; padding: 1.25rem 1.25rem 1rem; }
.avatar {
  position: relative; flex: none; width: 4rem; height: 4rem; border-radius: 50%;
  display: grid; place-items: center; font-weight: 650; font-size: 1.4rem;
  background: color-mix(in srgb, var(--status) 18%, var(--bg)); color: var(--text);
}
.avatar img { width: 100%; height: 100%; border-radius: 50%; object-fit: cover; }
.avatar .dot {
  position: absolute; right: -.1rem; bottom: -.1rem; width: 1.25rem; height: 1.25rem; border-radius: 50%;
  background: var(--status); border: .2rem solid var(--bg);
}
.name { margin: 0; font-size: 1.5rem; line-height: 1.2; font-weight: 650; overflow-wrap: anywhere; }
.status {
  margin: 0 1rem; border-radius: 1rem; background: var(--status); color: var(--on-status);
  padding: 1.4rem 1.25rem 1.3rem;
}
.status-head { display: flex; align-items: flex-start; gap: .55rem; }
.status-icon {
  flex: none; width: 1.9rem; height: 1.9rem; margin-top: .25rem; background: currentColor;
  -webkit-mask: var(--icon) center / contain no-repeat; mask: var(--icon) center / contain no-repeat;
}
.status-label { margin: 0; font-size: clamp(1.75rem, 7.4vw, 2.75rem); line-height: 1.1; font-weight: 750; letter-spacing: -.01em; overflow-wrap: anywhere; }
.status-since { margin: .4rem 0 0; font-size: 1.125rem; font-weight: 500; opacity: .92; }
.stale {
  margin: .75rem 1rem 0; padding: .7rem 1rem; border-radius: .75rem; font-weight: 600; color: var(--stale);
  background: color-mix(in srgb, var(--stale) 12%, var(--bg)); border: 1px solid color-mix(in srgb, var(--stale) 45%, transparent);
}
.details { padding: 1.1rem 1.25rem .25rem; display: flex; flex-direction: column; gap: .9rem; }
.details h2 { margin: 0 0 .4rem; font-size: .8rem; font-weight: 600; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
.chips { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .5rem; }
.chips li {
  padding: .35rem .8rem; border-radius: 999px; font-size: .95rem; font-weight: 500;
  background: color-mix(in srgb, var(--text) 8%, var(--bg));
}
.lines { list-style: none; margin: 0; padding: 0; font-size: 1.05rem; }
.lines li + li { margin-top: .15rem; }
.message {
  margin: 0; padding: .6rem .9rem; border-left: .25rem solid var(--status); border-radius: .25rem;
  background: color-mix(in srgb, var(--text) 5%, var(--bg)); font-size: 1.05rem; overflow-wrap: anywhere;
}
.timeline { padding: 1rem 1.25rem 0; }
.timeline h2 { margin: 0 0 .5rem; font-size: .8rem; font-weight: 600; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
.timeline-bar { display: block; width: 100%; height: .9rem; border-radius: .45rem; background: color-mix(in srgb, var(--text) 10%, var(--bg)); }
.timeline-ends { display: flex; justify-content: space-between; margin-top: .3rem; color: var(--muted); font-size: .8rem; }
.updated { margin: 0; padding: 1rem 1.25rem 1.1rem; color: var(--muted); font-size: .875rem; }
.revoked { margin: 0 1rem 1rem; border-radius: 1rem; padding: 1.25rem; font-weight: 650; color: var(--on-status); background: var(--status-Unknown); }
[hidden] { display: none !important; }
.help { border: 1px solid color-mix(in srgb, var(--text) 12%, transparent); border-radius: 1rem; }
.help summary {
  cursor: pointer; padding: 1rem 1.25rem; min-height: 3rem; font-weight: 600; list-style-position: inside;
}
.help ol { margin: 0; padding: 0 1.25rem 1.25rem 2.6rem; }
.help li { margin: .45rem 0; }
.help p { margin: 0; padding: 0 1.25rem 1.25rem; color: var(--muted); font-size: .9rem; }
.watch-form { display: flex; flex-direction: column; gap: .35rem; padding: 0 1.25rem 1.25rem; }
.watch-form p { padding: 0 0 .5rem; }
.watch-form label { font-weight: 600; font-size: .9rem; margin-top: .4rem; }
.watch-form input, .watch-form select {
  font: inherit; min-height: 2.75rem; padding: .5rem .7rem; border-radius: .6rem; color: var(--text); background: var(--bg);
  border: 1px solid color-mix(in srgb, var(--text) 30%, transparent);
}
.watch-form button { align-self: flex-start; margin-top: .6rem; border: 0; cursor: pointer; font: inherit; font-weight: 600; }
.watch-form .watch-result { padding: .25rem 0 0; color: var(--text); }
a { color: inherit; text-underline-offset: .15em; }
.button {
  display: inline-block; margin: .25rem 0; padding: .6rem 1rem; min-height: 2.75rem; border-radius: .75rem;
  background: var(--text); color: var(--bg); font-weight: 600; text-decoration: none;
}
code { font-size: .9em; overflow-wrap: anywhere; }
:focus-visible { outline: 3px solid var(--status-Available); outline-offset: 2px; }
.footer { color: var(--muted); font-size: .8rem; text-align: center; }
.notfound { text-align: center; padding: 2.5rem 1.5rem; }
.notfound h1 { margin: 0 0 .5rem; font-size: 1.5rem; }
.notfound p { margin: 0; color: var(--muted); }
`;

/** The status page's whole stylesheet, served as /assets/status-page.css. */
export const STATUS_PAGE_CSS = `:root {\n  color-scheme: light dark;\n${tokens('light')}\n}
@media (prefers-color-scheme: dark) {\n  :root {\n${tokens('dark')}\n  }\n}
${perAvailability}
${timelineFills}
${BODY}`;
