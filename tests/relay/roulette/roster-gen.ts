import fc from 'fast-check';
import type { Participant, PastRound } from '../../../relay/roulette/matcher';
import { matchRound, type MatchPlan } from '../../../relay/roulette/matcher';

/** A random roster: n people over a few departments (some unknown), sparse do-not-pair lists. */
export const rosterArb = (min: number, max: number) =>
  fc
    .record({
      n: fc.integer({ min, max }),
      departments: fc.integer({ min: 1, max: 12 }),
      unknownDepartmentShare: fc.double({ min: 0, max: 0.3, noNaN: true }),
      dnpSeed: fc.integer({ min: 0, max: 1_000_000 }),
      seed: fc.string({ minLength: 1, maxLength: 8 }),
    })
    .map(({ n, departments, unknownDepartmentShare, dnpSeed, seed }) => {
      const people: Participant[] = Array.from({ length: n }, (_, i) => {
        const r = ((i * 2654435761 + dnpSeed) >>> 0) / 2 ** 32;
        const doNotPair = r < 0.1 ? [`p${(i + 1 + (dnpSeed % Math.max(1, n - 1))) % n}@example.test`] : [];
        return { email: `p${i}@example.test`, department: r < unknownDepartmentShare ? null : `dept-${i % departments}`, doNotPair };
      });
      return { people, seed };
    });

export const mondayAfter = (weekOf: string, weeks: number) => new Date(Date.parse(`${weekOf}T00:00:00Z`) + weeks * 7 * 86_400_000).toISOString().slice(0, 10);

/** Run `weeks` rounds in a row, each remembering the ones before (as the store would). */
export function simulate(people: readonly Participant[], weeks: number, seed: string, noRepeatWeeks: number, check: (plan: MatchPlan, history: readonly PastRound[], weekOf: string) => void): PastRound[] {
  const history: PastRound[] = [];
  for (let w = 0; w < weeks; w++) {
    const weekOf = mondayAfter('2026-01-05', w);
    const plan = matchRound(people, history, { seed, weekOf, noRepeatWeeks, crossDepartment: true });
    check(plan, history, weekOf);
    history.push({ weekOf, groups: plan.groups });
  }
  return history;
}
