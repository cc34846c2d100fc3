import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchRound, type Participant, type PastRound, type MatchPlan } from '../../../relay/roulette/matcher';
import { PairBook, weeksBetween } from '../../../relay/roulette/pair-score';
import { pairKey } from '../../../relay/roulette/seeded';
import { rosterArb, simulate } from './roster-gen';

const NO_REPEAT = 12;

function forbidden(people: readonly Participant[]): Set<string> {
  return new Set(people.flatMap((p) => p.doNotPair.map((o) => pairKey(p.email, o))));
}

function pairsOf(groups: readonly (readonly string[])[]): [string, string][] {
  return groups.flatMap((g) => g.flatMap((a, i) => g.slice(i + 1).map((b): [string, string] => [a, b])));
}

/** Dirac: every person has a fresh, allowed partner in at least half the roster, so a repeat-free round exists. */
function repeatsAvoidable(people: readonly Participant[], history: readonly PastRound[], weekOf: string): boolean {
  const book = new PairBook(people, history, { seed: 'x', weekOf, noRepeatWeeks: NO_REPEAT, crossDepartment: true });
  const n = people.length;
  return people.every((p) => people.filter((q) => q !== p && !book.isForbidden(p.email, q.email) && !book.isRepeat(p.email, q.email)).length >= n / 2 + 2);
}

/** The invariants every round must keep. */
function checkRound(people: readonly Participant[], plan: MatchPlan, history: readonly PastRound[], weekOf: string, avoidable = repeatsAvoidable(people, history, weekOf)) {
  const placed = plan.groups.flat();
  // nobody twice in a round, nobody outside the draw
  expect(new Set(placed).size).toBe(placed.length);
  const emails = new Set(people.map((p) => p.email));
  for (const e of placed) expect(emails.has(e)).toBe(true);
  // everyone placed, or named with a reason
  expect(placed.length + plan.unplaced.length).toBe(people.length);
  for (const u of plan.unplaced) expect(u.reason).toMatch(/\w/);
  // pairs, and a trio only when the count is odd
  const trios = plan.groups.filter((g) => g.length === 3).length;
  for (const g of plan.groups) expect([2, 3]).toContain(g.length);
  expect(trios).toBeLessThanOrEqual(1);
  if (trios === 1) expect(people.length % 2).toBe(1);
  // do-not-pair never violated
  const never = forbidden(people);
  for (const [a, b] of pairsOf(plan.groups)) expect(never.has(pairKey(a, b)), `${a} and ${b} are on a do-not-pair list`).toBe(false);
  // no repeat inside the window when one is avoidable
  if (avoidable) {
    const met = new Set(history.filter((r) => weeksBetween(r.weekOf, weekOf) <= NO_REPEAT).flatMap((r) => pairsOf(r.groups).map(([a, b]) => pairKey(a, b))));
    for (const [a, b] of pairsOf(plan.groups)) expect(met.has(pairKey(a, b)), `${a} and ${b} met within ${NO_REPEAT} weeks`).toBe(false);
  }
}

describe('roulette matcher', () => {
  it('keeps every invariant over 26 simulated weeks of random rosters (up to 80 people)', () => {
    fc.assert(
      fc.property(rosterArb(1, 80), ({ people, seed }) => {
        simulate(people, 26, seed, NO_REPEAT, (plan, history, weekOf) => checkRound(people, plan, history, weekOf));
      }),
      { numRuns: 15, seed: 20261201 },
    );
  });

  it('places an odd roster as pairs and exactly one trio, every week', () => {
    fc.assert(
      fc.property(rosterArb(3, 61), ({ people: drawn, seed }) => {
        const people = drawn.slice(0, drawn.length - (1 - (drawn.length % 2))).map((p) => ({ ...p, doNotPair: [] }));
        simulate(people, 6, seed, NO_REPEAT, (plan) => {
          expect(plan.unplaced).toEqual([]);
          expect(plan.groups.filter((g) => g.length === 3)).toHaveLength(1);
        });
      }),
      { numRuns: 20, seed: 7 },
    );
  });

  it('the same seed gives the same plan, whatever order the roster came in; another seed another plan', () => {
    fc.assert(
      fc.property(rosterArb(10, 200), fc.integer({ min: 0, max: 1000 }), ({ people, seed }, shuffleSeed) => {
        const settings = { seed, weekOf: '2026-03-02', noRepeatWeeks: NO_REPEAT, crossDepartment: true };
        const reordered = [...people].sort((a, b) => ((a.email.length * shuffleSeed) % 7) - ((b.email.length * shuffleSeed) % 7) || (a.email < b.email ? 1 : -1));
        expect(matchRound(reordered, [], settings)).toEqual(matchRound(people, [], settings));
      }),
      { numRuns: 20, seed: 11 },
    );
    const people = Array.from({ length: 40 }, (_, i) => ({ email: `p${i}@example.test`, department: `d${i % 4}`, doNotPair: [] }));
    const a = matchRound(people, [], { seed: 'a', weekOf: '2026-03-02', noRepeatWeeks: NO_REPEAT, crossDepartment: true });
    const b = matchRound(people, [], { seed: 'b', weekOf: '2026-03-02', noRepeatWeeks: NO_REPEAT, crossDepartment: true });
    expect(a.groups).not.toEqual(b.groups);
  });

  it('prefers other departments: two departments of equal size meet only across', () => {
    const people = Array.from({ length: 50 }, (_, i) => ({ email: `p${i}@example.test`, department: i % 2 ? 'sales' : 'engineering', doNotPair: [] }));
    const plan = matchRound(people, [], { seed: 's', weekOf: '2026-03-02', noRepeatWeeks: NO_REPEAT, crossDepartment: true });
    expect(plan.figures.crossDepartmentShare).toBe(1);
  });

  it('2,000 people over 26 weeks: everyone placed each week, no repeat inside the window, mixed departments', { timeout: 240_000 }, () => {
    const people = Array.from({ length: 2001 }, (_, i) => ({ email: `p${i}@example.test`, department: `dept-${i % 9}`, doNotPair: i % 50 === 0 ? [`p${i + 1}@example.test`] : [] }));
    simulate(people, 26, 'big', NO_REPEAT, (plan, history, weekOf) => {
      // 2,001 people, 12 weeks of memory: a repeat-free round always exists (checked below directly).
      checkRound(people, plan, history, weekOf, false);
      expect(plan.unplaced).toEqual([]);
      expect(plan.figures.repeatRate).toBe(0);
      expect(plan.figures.crossDepartmentShare).toBeGreaterThan(0.85);
    });
  });
});

/** Every way to split an even roster into pairs (small n only). */
function* pairings(people: readonly string[]): Generator<[string, string][]> {
  if (people.length === 0) return yield [];
  const [first, ...rest] = people;
  for (let i = 0; i < rest.length; i++) for (const more of pairings([...rest.slice(0, i), ...rest.slice(i + 1)])) yield [[first!, rest[i]!], ...more];
}

describe('the blossom library against brute force', () => {
  it('finds a perfect pairing with the fewest repeats, then the most cross-department pairs, on small rosters', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }).map((k) => 2 * k), fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 3 }), (n, salt, departments) => {
        const people: Participant[] = Array.from({ length: n }, (_, i) => ({ email: `p${i}@example.test`, department: `d${(i * 7 + salt) % departments}`, doNotPair: [] }));
        // A random past: a few pairs met last week.
        const history: PastRound[] = [{ weekOf: '2026-02-23', groups: Array.from({ length: n / 2 }, (_, i) => [`p${(i + salt) % n}@example.test`, `p${(i * 3 + salt + 1) % n}@example.test`]).filter(([a, b]) => a !== b) }];
        const settings = { seed: String(salt), weekOf: '2026-03-02', noRepeatWeeks: NO_REPEAT, crossDepartment: true };
        const book = new PairBook(people, history, settings);
        const cost = (pairs: readonly (readonly string[])[]) => {
          const p = pairsOf(pairs);
          return [p.filter(([a, b]) => book.isRepeat(a, b)).length, -p.filter(([a, b]) => book.departmentsOf(a, b) === 'different').length];
        };
        let best = [Infinity, Infinity];
        for (const option of pairings(people.map((p) => p.email))) {
          const c = cost(option);
          if (c[0]! < best[0]! || (c[0] === best[0] && c[1]! < best[1]!)) best = c;
        }
        const plan = matchRound(people, history, settings);
        expect(plan.groups.flat()).toHaveLength(n);
        expect(cost(plan.groups)).toEqual(best);
      }),
      { numRuns: 60, seed: 5 },
    );
  });
});
