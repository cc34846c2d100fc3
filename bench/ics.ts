// Calendar link benchmark: what reading a published calendar costs the service worker — parse
// and expand a large Outlook-like feed into the next 48 hours of busy blocks — next to the
// baseline every ICS reader pays (ical.js parsing the text alone). Run: npm run bench:ics
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ICAL from 'ical.js';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = 15;

// The feed builder lives with the tests and the expander with the extension; both are loaded
// at run time (tsx) so the tools project need not compile them. Only what is used is typed here.
interface FeedEvent { uid: string; tz?: string; start: string; end: string; busy?: string; rrule?: string; exdates?: string[]; recurrenceId?: string }
type Feed = { outlookFeed(events: FeedEvent[]): string; W_EUROPE: string };
type Expand = { parseFeed(text: string): unknown; expandFeed(c: unknown, w: { fromMs: number; toMs: number; timeZone: string }): unknown[] };
type Blocks = { toBlocks(o: unknown[]): unknown[] };
const load = async <T>(path: string): Promise<T> => (await import(pathToFileURL(join(ROOT, path)).href)) as T;

const pad = (n: number) => String(n).padStart(2, '0');
const wall = (d: Date) => `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}00`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** A busy person's published calendar: 60 weekly series started two years ago, a year of one-offs. */
function events(tz: string, now: number): FeedEvent[] {
  const out: FeedEvent[] = [];
  const day = 86_400_000;
  for (let i = 0; i < 60; i++) {
    const start = new Date(now - 730 * day + i * 3_600_000 * 7);
    const end = new Date(start.getTime() + 3_600_000);
    const exdate = new Date(start.getTime() + 7 * day * 10);
    out.push({ uid: `S${i}`, tz, start: wall(start), end: wall(end), busy: i % 5 === 0 ? 'TENTATIVE' : 'BUSY', rrule: 'FREQ=WEEKLY;INTERVAL=1', exdates: [wall(exdate)] });
    const moved = new Date(start.getTime() + 7 * day * 20);
    out.push({ uid: `S${i}`, tz, recurrenceId: wall(moved), start: wall(new Date(moved.getTime() + day)), end: wall(new Date(moved.getTime() + day + 3_600_000)), busy: 'BUSY' });
  }
  for (let i = 0; i < 1500; i++) {
    const start = new Date(now - 365 * day + i * (day / 4));
    out.push({ uid: `O${i}`, tz, start: wall(start), end: wall(new Date(start.getTime() + 1_800_000)), busy: i % 7 === 0 ? 'FREE' : 'BUSY' });
  }
  return out;
}

async function main(): Promise<void> {
  const { outlookFeed, W_EUROPE } = await load<Feed>('tests/fakes/ics/outlook-feed.ts');
  const { parseFeed, expandFeed } = await load<Expand>('extension/sources/ics/expand.ts');
  const { toBlocks } = await load<Blocks>('extension/sources/ics/blocks.ts');
  const now = Date.now();
  const feed = outlookFeed(events(W_EUROPE, now));
  const parseOnly: number[] = [];
  const full: number[] = [];
  let blocks = 0;
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    new ICAL.Component(ICAL.parse(feed));
    parseOnly.push(performance.now() - t);
    t = performance.now();
    blocks = toBlocks(expandFeed(parseFeed(feed), { fromMs: now, toMs: now + 48 * 3_600_000, timeZone: 'Europe/Berlin' })).length;
    full.push(performance.now() - t);
  }
  const p = median(parseOnly);
  const f = median(full);
  console.log(`\nOutlook-like feed: ${(feed.length / 1024).toFixed(0)} kB, 60 weekly series (2 years, EXDATE + moved instance each), 1,500 one-offs; ${blocks} blocks in the next 48 h; median of ${RUNS} runs\n`);
  console.log('| step | ms |');
  console.log('|---|---:|');
  console.log(`| ical.js parse only (baseline) | ${p.toFixed(1)} |`);
  console.log(`| parse + expand 48 h + blocks | ${f.toFixed(1)} |`);
  console.log(`| ratio | ${(f / p).toFixed(2)} × |`);
}

await main();
