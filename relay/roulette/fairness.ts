import type { PairBook } from './pair-score';

/** A round's fairness figures (the API, the CLI and the bench print these). */
export interface Fairness {
  /** People in a group / people in the draw. */
  placedShare: number;
  placed: number;
  eligible: number;
  /** Pairs inside groups that already met within noRepeatWeeks / all pairs inside groups. */
  repeatRate: number;
  /** Pairs inside groups from two different departments / pairs where both departments are known. */
  crossDepartmentShare: number;
}

export function fairness(groups: readonly (readonly string[])[], eligible: number, book: PairBook): Fairness {
  let pairs = 0;
  let repeats = 0;
  let known = 0;
  let cross = 0;
  for (const g of groups)
    for (let i = 0; i < g.length; i++)
      for (let j = i + 1; j < g.length; j++) {
        pairs++;
        if (book.isRepeat(g[i]!, g[j]!)) repeats++;
        const kind = book.departmentsOf(g[i]!, g[j]!);
        if (kind !== 'unknown') known++;
        if (kind === 'different') cross++;
      }
  const placed = groups.reduce((n, g) => n + g.length, 0);
  return { placed, eligible, placedShare: eligible ? placed / eligible : 1, repeatRate: pairs ? repeats / pairs : 0, crossDepartmentShare: known ? cross / known : 0 };
}
