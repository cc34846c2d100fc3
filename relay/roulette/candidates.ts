import type { PairBook } from './pair-score';

/** Up to this many people, every allowed pair is a candidate (the blossom is cheap enough). */
export const DENSE_LIMIT = 600;
/** Elsewhere: each person keeps this many best partners out of SAMPLE random ones. */
const KEEP = 10;
const SAMPLE = 40;

/** An undirected candidate pair (indexes into the sorted participant list). */
export type Candidate = [number, number];

/**
 * The pairs the matching may choose from. Small rosters: all of them. Large rosters (a dense
 * blossom over 10,000 people is 50 million edges and O(n³)): for each person a seeded random
 * sample, of which the best few by score are kept, so the graph stays sparse yet every person
 * has several good, allowed partners. A random graph of this degree almost surely has a perfect
 * matching; the matcher checks that and widens the graph for whoever was left out.
 */
export function candidatePairs(emails: readonly string[], book: PairBook, random: () => number): Candidate[] {
  const n = emails.length;
  const out: Candidate[] = [];
  if (n <= DENSE_LIMIT) {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (!book.isForbidden(emails[i]!, emails[j]!)) out.push([i, j]);
    return out;
  }
  const seen = new Set<number>();
  const add = (i: number, j: number) => {
    const key = i < j ? i * n + j : j * n + i;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(i < j ? [i, j] : [j, i]);
  };
  for (let i = 0; i < n; i++) {
    const picks: { j: number; rank: number }[] = [];
    for (let s = 0; s < SAMPLE; s++) {
      const j = Math.floor(random() * n);
      if (j === i || book.isForbidden(emails[i]!, emails[j]!)) continue;
      const score = book.score(emails[i]!, emails[j]!);
      picks.push({ j, rank: (score.repeat ? 0 : 1e6) + score.quality * 100 + score.jitter });
    }
    picks.sort((a, b) => b.rank - a.rank);
    for (const p of picks.slice(0, KEEP)) add(i, p.j);
  }
  return out;
}

/** Every allowed pair between the given people and everyone: the fallback for who was left out. */
export function widenFor(people: readonly number[], emails: readonly string[], book: PairBook): Candidate[] {
  const out: Candidate[] = [];
  for (const i of people) for (let j = 0; j < emails.length; j++) if (j !== i && !book.isForbidden(emails[i]!, emails[j]!)) out.push(i < j ? [i, j] : [j, i]);
  return out;
}
