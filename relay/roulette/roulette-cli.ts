// `npm run relay -- roulette plan|run`: a round from a terminal, through the running relay's admin API.
import type { RouletteRoundView, RouletteSettings } from '../../core';
import { api, CliError } from '../org/people-cli';

const USAGE = `usage: npm run relay -- roulette <command> [--week YYYY-MM-DD] [--seed TEXT]
  plan    a dry run: print the groups and their slots, change nothing (same week and seed → same plan)
  run     the real round: events in calendars (or Teams links), remembered for the next rounds
environment: RELAY_URL (http://127.0.0.1:8787), RELAY_ADMIN_TOKEN (required)`;

/** A bar that moves while the relay works (matching and calendars run there), then the time it took. */
function progressBar(label: string): () => void {
  const started = Date.now();
  const width = 30;
  let tick = 0;
  const draw = (done: boolean) => {
    const s = ((Date.now() - started) / 1000).toFixed(1);
    const pos = tick++ % width;
    const bar = done ? '#'.repeat(width) : `${'-'.repeat(pos)}###${'-'.repeat(Math.max(0, width - pos - 3))}`.slice(0, width);
    if (process.stderr.isTTY) process.stderr.write(`\r[${bar}] ${label} ${s} s${done ? '\n' : ''}`);
    else if (done) process.stderr.write(`${label} ${s} s\n`);
  };
  const timer = setInterval(() => draw(false), 120);
  return () => {
    clearInterval(timer);
    draw(true);
  };
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (!value || value.startsWith('--')) throw new CliError(`${name} needs a value`);
  return value;
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function when(iso: string, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

/** The round as a table: group, people, slot in the organisation's zone, state. */
export function roundTable(round: RouletteRoundView, zone: string): string {
  const rows = [['#', 'people', `slot (${zone})`, 'state'], ...round.pairs.map((p, i) => [String(i), p.people.join(', '), p.slot ? when(p.slot.start, zone) : '—', p.state])];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const lines = rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd());
  for (const u of round.unpaired) lines.push(`not placed: ${u.email} (${u.reason})`);
  const f = round.figures;
  lines.push(`${round.dryRun ? 'dry run' : 'round'} ${round.id}, week of ${round.weekOf}: ${f.placed}/${f.eligible} people placed (${pct(f.placedShare)}), repeat rate ${pct(f.repeatRate)}, cross-department ${pct(f.crossDepartmentShare)}`);
  return lines.join('\n');
}

export async function rouletteCli(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  try {
    if (command !== 'plan' && command !== 'run') {
      console.error(USAGE);
      return 2;
    }
    const a = api();
    const weekOf = option(rest, '--week');
    const seed = option(rest, '--seed');
    const settings = (await a.call('GET', '/api/v1/org/roulette')) as RouletteSettings;
    const done = progressBar(command === 'plan' ? 'planning' : 'running the round');
    let round: RouletteRoundView;
    try {
      round = (await a.call('POST', '/api/v1/org/roulette/rounds', JSON.stringify({ dryRun: command === 'plan', ...(weekOf ? { weekOf } : {}), ...(seed ? { seed } : {}) }), 'application/json')) as RouletteRoundView;
    } finally {
      done();
    }
    console.log(roundTable(round, settings.timeZone));
    return 0;
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    console.error(`roulette: ${err.message}`);
    return 1;
  }
}
