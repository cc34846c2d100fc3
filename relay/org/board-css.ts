import { AVAILABILITIES, STATUS_COLOURS, SURFACE_COLOURS } from '../../core';

// From core's palette, like the status page, so a colour means the same on every surface.
function tokens(mode: 'light' | 'dark'): string {
  const s = SURFACE_COLOURS;
  return [
    `--bg: ${s.background[mode]};`,
    `--text: ${s.text[mode]};`,
    `--muted: ${s.secondaryText[mode]};`,
    `--stale: ${s.stale[mode]};`,
    ...AVAILABILITIES.map((a) => `--status-${a}: ${STATUS_COLOURS[a][mode]};`),
  ].join('\n  ');
}

const perAvailability = AVAILABILITIES.map((a) => `[data-availability="${a}"] { --status: var(--status-${a}); }`).join('\n');

const BODY = `
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--text); font: 400 1rem/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
main { max-width: 80rem; margin: 0 auto; padding: 1rem; display: flex; flex-direction: column; gap: 1rem; }
h1 { margin: 0; font-size: 1.4rem; }
.bar { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; }
label { display: flex; flex-direction: column; gap: .25rem; font-size: .85rem; font-weight: 600; color: var(--muted); }
input, select, button { font: inherit; color: var(--text); background: var(--bg); min-height: 2.75rem; border-radius: .6rem; border: 1px solid color-mix(in srgb, var(--text) 35%, transparent); padding: .4rem .7rem; }
input[type="search"] { min-width: min(22rem, 100%); }
button { cursor: pointer; font-weight: 600; }
.counts { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .5rem; }
.counts li { display: inline-flex; align-items: center; gap: .4rem; padding: .3rem .7rem; border-radius: 999px; background: color-mix(in srgb, var(--text) 7%, var(--bg)); font-size: .9rem; }
.dot { flex: none; width: .8rem; height: .8rem; border-radius: 50%; background: var(--status); }
.grid { list-style: none; margin: 0; padding: 0; display: grid; gap: .6rem; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); }
.card { display: flex; gap: .65rem; align-items: flex-start; padding: .75rem .85rem; border-radius: .9rem; border: 1px solid color-mix(in srgb, var(--text) 12%, transparent); border-left: .4rem solid var(--status); background: color-mix(in srgb, var(--text) 3%, var(--bg)); contain: content; }
.card .dot { margin-top: .35rem; }
.who { min-width: 0; }
.name { margin: 0; font-weight: 650; overflow-wrap: anywhere; }
.email, .dept { margin: 0; color: var(--muted); font-size: .85rem; overflow-wrap: anywhere; }
.label { margin: .2rem 0 0; font-weight: 600; }
.tags { display: flex; flex-wrap: wrap; gap: .35rem; margin-top: .3rem; }
.tag { font-size: .8rem; padding: .1rem .5rem; border-radius: 999px; background: color-mix(in srgb, var(--text) 9%, var(--bg)); }
.tag.stale { color: var(--stale); border: 1px solid color-mix(in srgb, var(--stale) 55%, transparent); }
.pager { display: flex; gap: .75rem; align-items: center; }
.muted { color: var(--muted); }
.error { color: var(--status-Busy); font-weight: 600; margin: 0; }
.live::before { content: ""; display: inline-block; width: .55rem; height: .55rem; margin-right: .4rem; border-radius: 50%; background: var(--muted); }
.live[data-state="live"]::before { background: var(--status-Available); }
[hidden] { display: none !important; }
:focus-visible { outline: 3px solid var(--status-Available); outline-offset: 2px; }
@media (max-width: 30rem) { main { padding: .6rem; } .grid { grid-template-columns: 1fr; } }
`;

/** The board's stylesheet, served as /org/board.css. */
export const BOARD_CSS = `:root {\n  color-scheme: light dark;\n  ${tokens('light')}\n}
@media (prefers-color-scheme: dark) {\n  :root {\n  ${tokens('dark')}\n  }\n}
${perAvailability}
${BODY}`;
