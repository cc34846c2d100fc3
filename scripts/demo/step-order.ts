import { applyReport, forgetSource, viewStatus, type ApplyResult, type StatusRecord } from '../../core';
import type { DemoStep } from './demo-day';

/** One write to the relay: publish a source's report, or forget the source. */
export type DemoWrite = { kind: 'put'; source: DemoStep['put'][number]['source']; report: DemoStep['put'][number]['report'] } | { kind: 'forget'; source: DemoStep['forget'][number] };

function apply(record: StatusRecord, write: DemoWrite, nowMs: number): ApplyResult {
  return write.kind === 'put' ? applyReport(record, write.source, write.report, nowMs) : forgetSource(record, write.source, nowMs);
}

/** What a viewer notices: the words and colour, and whether a call shows. */
function seen(record: StatusRecord, nowMs: number): string {
  const v = viewStatus(record, nowMs);
  return `${v.availability}|${v.activity}|${v.label}|${v.call?.inCall === true}`;
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/**
 * The relay has no batch write, so a step is several writes, and each one is resolved on its
 * own: in the wrong order the page flashes "Available" between "Busy" and "Do not disturb",
 * and history gets a 10 ms entry. Replay every order on the relay's own resolver (a step has at
 * most a few writes) and keep the first one whose writes change what people see at most once.
 */
export function orderStep(record: StatusRecord, step: DemoStep, nowMs: number): { writes: DemoWrite[]; record: StatusRecord; changes: number } {
  const writes: DemoWrite[] = [...step.forget.map((source): DemoWrite => ({ kind: 'forget', source })), ...step.put.map(({ source, report }): DemoWrite => ({ kind: 'put', source, report }))];
  let best: { writes: DemoWrite[]; record: StatusRecord; changes: number } | null = null;
  for (const order of permutations(writes)) {
    let r = record;
    let changes = 0;
    let shown = seen(r, nowMs);
    for (const w of order) {
      r = apply(r, w, nowMs).record;
      const now = seen(r, nowMs);
      if (now !== shown) changes += 1;
      shown = now;
    }
    if (!best || changes < best.changes) best = { writes: order, record: r, changes };
    if (changes <= 1) break;
  }
  return best ?? { writes, record, changes: 0 };
}
