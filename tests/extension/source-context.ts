// A SourceContext as the worker lends one (extension/background/worker.ts), for a source tested
// on its own: its clock, its log, and its alarms kept in a map the test can read.
import { clockTime, LABEL_LOCALE, type ClockStyle } from '../../core';
import type { SourceContext } from '../../extension/sources/source';

export interface TestSourceContext extends SourceContext {
  /** The alarms set and not cleared, by name: when each is due. */
  alarmsSet: Map<string, number>;
}

/** `now`: the test's clock; `style`: how clock times are written (LABEL_LOCALE in the machine's zone unless given). */
export function testSourceContext(now: () => number = Date.now, style: ClockStyle = { locale: LABEL_LOCALE }): TestSourceContext {
  const alarmsSet = new Map<string, number>();
  return {
    now,
    log: () => undefined,
    clock: (iso) => clockTime(iso, now(), style),
    alarms: { set: (name, whenMs) => void alarmsSet.set(name, whenMs), clear: (name) => void alarmsSet.delete(name) },
    alarmsSet,
  };
}
