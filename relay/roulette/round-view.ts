import type { RouletteGroupView, RouletteRoundView } from '../../core';
import type { GroupRecord, RoundRecord } from './roulette-data';

export const groupView = (g: GroupRecord): RouletteGroupView => ({ people: g.people, slot: g.slot, state: g.state, link: g.link });

/** A round on the wire: the contract's `pairs` and `unpaired`, plus its week and fairness figures. */
export function roundView(r: RoundRecord): RouletteRoundView {
  return { id: r.id, weekOf: r.weekOf, dryRun: r.dryRun, createdAt: r.createdAt, pairs: r.groups.map(groupView), unpaired: r.unpaired, figures: r.figures };
}
