// Meeting roulette benchmark: time to plan a round for 2,000 and 10,000 people, and fairness over
// 26 simulated weeks, each beside the same-run baseline of shuffle-and-pair (Icebreaker's method:
// shuffle everyone, pair neighbours, the odd person left out, no memory of earlier rounds).
import { cpus, loadavg } from 'node:os';
import { matchRound, type Participant, type PastRound } from '../relay/roulette/matcher';
import { weeksBetween } from '../relay/roulette/pair-score';
import { pairKey, seededRandom, shuffled } from '../relay/roulette/seeded';

const WEEKS = 26;
const NO_REPEAT = 12;
const START = '2026-01-05';

const weekOf = (w: number) => new Date(Date.parse(`${START}T00:00:00Z`) + w * 7 * 86_400_000).toISOString().slice(0, 10);
const ms = (t: number) => performance.now() - t;
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** Departments of uneven size, as organisations have: a big one, some middling, small ones. */
function roster(n: number): Participant[] {
  const random = seededRandom(`roster-${n}`);
  const weights = [30, 15, 12, 10, 8, 7, 6, 5, 4, 3];
  const total = weights.reduce((a, b) => a + b, 0);
  return Array.from({ length: n }, (_, i) => {
    let r = random() * total;
    const d = weights.findIndex((w) => (r -= w) < 0);
    return { email: `p${i}@example.test`, department: `dept-${d}`, doNotPair: i % 97 === 0 ? [`p${i + 1}@example.test`] : [] };
  });
}

/** Icebreaker: shuffle, pair neighbours; an odd count leaves the last person out. */
function shuffleAndPair(people: readonly Participant[], seed: string): string[][] {
  const order = shuffled(
    people.map((p) => p.email),
    seededRandom(seed),
  );
  const groups: string[][] = [];
  for (let i = 0; i + 1 < order.length; i += 2) groups.push([order[i]!, order[i + 1]!]);
  return groups;
}

interface Totals {
  pairs: number;
  repeats: number;
  cross: number;
  placed: number;
  eligible: number;
  dnpViolations: number;
  /** Pairs that met at least twice within any 5 consecutive weeks (Icebreaker #299). */
  twiceInFive: number;
  ms: number;
}

function simulate(people: readonly Participant[], plan: (history: PastRound[], week: string) => string[][]): Totals {
  const history: PastRound[] = [];
  const t: Totals = { pairs: 0, repeats: 0, cross: 0, placed: 0, eligible: 0, dnpViolations: 0, twiceInFive: 0, ms: 0 };
  const never = new Set(people.flatMap((p) => p.doNotPair.map((o) => pairKey(p.email, o))));
  const dept = new Map(people.map((p) => [p.email, p.department]));
  const lastMet = new Map<string, string>();
  for (let w = 0; w < WEEKS; w++) {
    const week = weekOf(w);
    const start = performance.now();
    const groups = plan(history, week);
    t.ms += ms(start);
    t.eligible += people.length;
    t.placed += groups.reduce((n, g) => n + g.length, 0);
    for (const g of groups)
      for (let i = 0; i < g.length; i++)
        for (let j = i + 1; j < g.length; j++) {
          const key = pairKey(g[i]!, g[j]!);
          t.pairs++;
          const before = lastMet.get(key);
          if (before && weeksBetween(before, week) <= NO_REPEAT) t.repeats++;
          if (before && weeksBetween(before, week) < 5) t.twiceInFive++;
          if (dept.get(g[i]!) !== dept.get(g[j]!)) t.cross++;
          if (never.has(key)) t.dnpViolations++;
          lastMet.set(key, week);
        }
    history.push({ weekOf: week, groups });
  }
  return t;
}

function row(name: string, t: Totals): string[] {
  return [name, `${(t.ms / WEEKS).toFixed(1)} ms`, `${pct(t.placed / t.eligible)} (${(t.eligible - t.placed) / WEEKS} left out)`, pct(t.repeats / t.pairs), String(t.twiceInFive), pct(t.cross / t.pairs), String(t.dnpViolations)];
}

function table(rows: string[][]): void {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));
}

console.log(`bench:roulette — ${cpus().length} CPUs, load ${loadavg()[0]!.toFixed(1)}, node ${process.version}`);
console.log('\nTime to plan one round (matching only; slots are per group and linear):');
const timing: string[][] = [['people', 'matcher', 'shuffle-and-pair', 'ratio']];
for (const n of [2_000, 10_000]) {
  const people = roster(n);
  const settings = { seed: 'bench', weekOf: START, noRepeatWeeks: NO_REPEAT, crossDepartment: true };
  let t = performance.now();
  const plan = matchRound(people, [], settings);
  const matcher = ms(t);
  t = performance.now();
  shuffleAndPair(people, 'bench');
  const baseline = ms(t);
  if (plan.groups.flat().length !== n) throw new Error(`the matcher placed ${plan.groups.flat().length} of ${n}`);
  timing.push([n.toLocaleString('en'), `${matcher.toFixed(0)} ms`, `${baseline.toFixed(1)} ms`, `${(matcher / Math.max(baseline, 0.01)).toFixed(0)}×`]);
}
table(timing);

for (const n of [2_001]) {
  const people = roster(n);
  console.log(`\nFairness over ${WEEKS} weeks, ${n.toLocaleString('en')} people in ${new Set(people.map((p) => p.department)).size} departments of uneven size, noRepeatWeeks ${NO_REPEAT}:`);
  const ours = simulate(people, (history, week) => matchRound(people, history, { seed: 'bench', weekOf: week, noRepeatWeeks: NO_REPEAT, crossDepartment: true }).groups);
  const theirs = simulate(people, (_history, week) => shuffleAndPair(people, `bench-${week}`));
  table([['method', 'per round', 'placed', 'repeat rate', 'met twice in 5 weeks', 'cross-department', 'do-not-pair broken'], row('matcher', ours), row('shuffle-and-pair', theirs)]);
}
