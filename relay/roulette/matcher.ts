import blossom from 'edmonds-blossom';
import { candidatePairs, widenFor, type Candidate } from './candidates';
import { fairness, type Fairness } from './fairness';
import { JITTER, MAX_QUALITY, PairBook, type Participant, type PastRound, type ScoreSettings } from './pair-score';
import { seededRandom, shuffled } from './seeded';

/** People matched exactly in one blossom; larger draws are cut into parts of about this size. */
const CHUNK = 1000;

export type { Participant, PastRound } from './pair-score';

/** Someone the round could not place, and why in words (never a silent exclusion). */
export interface Unplaced {
  email: string;
  reason: string;
}

export interface MatchPlan {
  /** Pairs, plus one trio when the count is odd; each person once; sorted for stable output. */
  groups: string[][];
  unplaced: Unplaced[];
  figures: Fairness;
}

export type MatchSettings = ScoreSettings;

/** Reported while matching (the CLI's progress bar): phase and how far it is, 0..1. */
export type MatchProgress = (phase: 'matching' | 'placing', done: number) => void;

/**
 * One round's groups as a maximum-weight matching (Edmonds' blossom). The weights make the
 * order of what matters lexicographic: first as many people placed as possible (maximum
 * cardinality), then as few repeats inside `noRepeatWeeks` as possible (a fresh pair outweighs
 * every quality bonus of the whole round together), then quality (other department, partners
 * met long ago, seeded tie-breaking). Do-not-pair pairs are not edges at all, so they can never
 * be chosen. An odd count leaves one person, who joins the group where they fit best: one trio.
 */
export function matchRound(people: readonly Participant[], history: readonly PastRound[], settings: MatchSettings, progress: MatchProgress = () => {}): MatchPlan {
  const unique = [...new Map(people.map((p) => [p.email.toLowerCase(), { ...p, email: p.email.toLowerCase() }])).values()].sort((a, b) => (a.email < b.email ? -1 : 1));
  const emails = unique.map((p) => p.email);
  const book = new PairBook(unique, history, settings);
  const random = seededRandom(`${settings.seed}|${settings.weekOf}`);
  // Three levels, each outweighing everything below it summed over a whole part (a part holds
  // at most CHUNK + 1 people): fresh over repeat, then quality, then the seeded tie-break.
  // Integers under 2^53 for parts of that size.
  const pairsPerPart = Math.floor(Math.min(emails.length, CHUNK + 2) / 2) + 1;
  const qualityUnit = JITTER * pairsPerPart;
  const fresh = pairsPerPart * (MAX_QUALITY * qualityUnit + JITTER);
  const weigh = ([i, j]: Candidate): [number, number, number] => {
    const s = book.score(emails[i]!, emails[j]!);
    return [i, j, (s.repeat ? 1 : fresh) + s.quality * qualityUnit + s.jitter];
  };

  // Above CHUNK people the blossom's O(n³) dominates (85 s for 10,000 on one core): the draw is
  // cut into seeded random parts of even size, each matched exactly; everyone still has a
  // thousand possible partners, so repeats stay avoidable and departments mixed.
  const order = emails.length > CHUNK ? shuffled(emails.map((_, i) => i), random) : emails.map((_, i) => i);
  const parts = Math.ceil(emails.length / CHUNK);
  const size = Math.ceil(emails.length / parts / 2) * 2;
  const pairs: number[][] = [];
  const leftovers: number[] = [];
  for (let p = 0; p < parts; p++) {
    const part = order.slice(p * size, (p + 1) * size);
    const result = matchPart(part, emails, book, random, weigh);
    pairs.push(...result.pairs);
    leftovers.push(...result.left);
    progress('matching', (p + 1) / parts);
  }
  // Whoever a part could not place (do-not-pair lists, parity) gets one more, dense, chance.
  const last = leftovers.length > 1 ? matchPart(leftovers, emails, book, random, weigh) : { pairs: [], left: leftovers };
  pairs.push(...last.pairs);
  const left = last.left;

  const groups = pairs;
  progress('placing', 0);
  const unplaced: Unplaced[] = [];
  for (const i of left) {
    const home = bestGroup(i, groups, emails, book);
    if (home) home.push(i);
    else unplaced.push({ email: emails[i]!, reason: emails.length === 1 ? 'nobody else is in this round' : 'every other person is on a do-not-pair list with them' });
  }
  progress('placing', 1);
  const named = groups.map((g) => g.map((i) => emails[i]!).sort()).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
  return { groups: named, unplaced, figures: fairness(named, unique.length, book) };
}

/** An exact maximum-weight matching over some of the people (indexes into `emails`). */
function matchPart(part: readonly number[], emails: readonly string[], book: PairBook, random: () => number, weigh: (c: Candidate) => [number, number, number]): { pairs: number[][]; left: number[] } {
  const sub = part.map((i) => emails[i]!);
  let edges = candidatePairs(sub, book, random);
  let mate = solve(edges.map(([a, b]) => weighLocal(part, weigh, a, b)), sub.length);
  let left = unmatched(mate);
  if (left.length > sub.length % 2) {
    // The sparse graph left more people out than parity demands: give them every allowed pair.
    const seen = new Set(edges.map(([i, j]) => i * sub.length + j));
    edges = [...edges, ...widenFor(left, sub, book).filter(([i, j]) => !seen.has(i * sub.length + j))];
    mate = solve(edges.map(([a, b]) => weighLocal(part, weigh, a, b)), sub.length);
    left = unmatched(mate);
  }
  const pairs: number[][] = [];
  for (let i = 0; i < mate.length; i++) if (mate[i]! > i) pairs.push([part[i]!, part[mate[i]!]!]);
  return { pairs, left: left.map((i) => part[i]!) };
}

function weighLocal(part: readonly number[], weigh: (c: Candidate) => [number, number, number], a: number, b: number): [number, number, number] {
  return [a, b, weigh([part[a]!, part[b]!])[2]];
}

function solve(edges: [number, number, number][], n: number): number[] {
  const mate = edges.length ? blossom(edges, true) : [];
  // The library answers only up to the highest vertex that has an edge.
  return Array.from({ length: n }, (_, i) => mate[i] ?? -1);
}

const unmatched = (mate: readonly number[]): number[] => mate.flatMap((m, i) => (m === -1 ? [i] : []));

/** The group a left-over person joins: allowed with everyone in it, no repeat if possible, best quality. */
function bestGroup(i: number, groups: number[][], emails: readonly string[], book: PairBook): number[] | null {
  let best: number[] | null = null;
  let bestRank = -Infinity;
  for (const g of groups) {
    if (g.length > 2 || g.some((j) => book.isForbidden(emails[i]!, emails[j]!))) continue;
    const scores = g.map((j) => book.score(emails[i]!, emails[j]!));
    const rank = -scores.filter((s) => s.repeat).length * 1e6 + Math.min(...scores.map((s) => s.quality));
    if (rank > bestRank) [best, bestRank] = [g, rank];
  }
  return best;
}
