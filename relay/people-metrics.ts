import { Counter, Gauge, type Registry } from 'prom-client';
import { AVAILABILITIES, viewStatus, type Availability } from '../core';
import type { Store } from './store/store';

interface Person {
  userId: string;
  name: string;
  availability: Availability;
  inCall: boolean;
}

interface Snapshot {
  at: number;
  people: Person[];
}

/**
 * The gauges read from the store. With RELAY_WORKERS only the worker a scrape landed on collects
 * them (relay/cluster/worker-link.ts): every worker would read the same values, and no merge of
 * several is right for them all (a sum counts the people N times, a max of an availability
 * number is no availability).
 */
export const STORE_SERIES: ReadonlySet<string> = new Set(['relay_people', 'relay_people_in_call', 'relay_person_availability', 'relay_person_in_call']);

const PAGE = 500;
/** Scrapes further apart than this leave a gap rather than guess what happened in between. */
const MAX_GAP_MS = 10 * 60_000;
/** Collectors of one scrape run together; they share one read of the store. */
const FRESH_MS = 5_000;

async function readPeople(store: Store, nowMs: number): Promise<Person[]> {
  const people: Person[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const users = await store.listUsers(offset, PAGE);
    const records = await store.getStatusRecords(users.map((u) => u.userId));
    users.forEach((user, i) => {
      const record = records[i];
      const view = record ? viewStatus(record, nowMs, user.timeZone ?? undefined) : null;
      people.push({ userId: user.userId, name: user.displayName, availability: view?.availability ?? 'Offline', inCall: view?.call?.inCall === true });
    });
    if (users.length < PAGE) return people;
  }
}

/** Call seconds between two snapshots, per person: the trapezoid of "in a call" at both ends. */
function callSeconds(before: Snapshot | null, now: Snapshot): Map<string, number> {
  const seconds = new Map<string, number>();
  if (!before || now.at - before.at > MAX_GAP_MS) return seconds;
  const elapsed = (now.at - before.at) / 1000;
  const was = new Set(before.people.filter((p) => p.inCall).map((p) => p.userId));
  for (const p of now.people) {
    const share = (Number(was.has(p.userId)) + Number(p.inCall)) / 2;
    if (share > 0) seconds.set(p.userId, elapsed * share);
  }
  return seconds;
}

/**
 * Metrics read from the store at scrape time: how many people there are and how many are in a
 * call, and the call time they add up. Every replica reads the same store, so each reports the
 * same values: dashboards take `max` across replicas, not `sum`. Call time is sampled at each
 * scrape (its resolution is the scrape interval). With `perPerson` (METRICS_PER_PERSON) there
 * are also series naming each person: their availability, whether they are in a call, their
 * call time. That is a choice an operator makes for their organisation, so it is off by default.
 */
export function registerPeopleMetrics(registry: Registry, store: Store, options: { perPerson: boolean; now: () => number }): void {
  let last: Snapshot | null = null;
  type Taken = { snapshot: Snapshot; seconds: Map<string, number> };
  let pending: Promise<Taken | null> | null = null;
  let taken: Taken | null = null;
  const credited = new WeakSet<Map<string, number>>();

  // Null when the store does not answer: the series keep their last values and /metrics still
  // answers (it is how an operator sees relay_store_errors_total climb).
  const snapshot = (): Promise<Taken | null> => {
    const now = options.now();
    if (taken && now - taken.snapshot.at < FRESH_MS) return Promise.resolve(taken);
    pending ??= readPeople(store, now)
      .then((people): Taken => {
        const next: Snapshot = { at: now, people };
        taken = { snapshot: next, seconds: callSeconds(last, next) };
        last = next;
        return taken;
      })
      .catch(() => null)
      .finally(() => (pending = null));
    return pending;
  };
  const people = async (): Promise<Person[] | null> => (await snapshot())?.snapshot.people ?? null;

  const registers = [registry];
  // The call-time counters are credited by every worker of a replica (RELAY_WORKERS) at each
  // scrape, each from its own snapshots, so each holds about the same total: merged by max.
  const aggregator = 'max';
  new Gauge({
    name: 'relay_people',
    help: 'People registered on the relay (the same on every replica)',
    registers,
    async collect() {
      const all = await people();
      if (all) this.set(all.length);
    },
  });
  new Gauge({
    name: 'relay_people_in_call',
    help: 'People in a call now (the same on every replica)',
    registers,
    async collect() {
      const all = await people();
      if (all) this.set(all.filter((p) => p.inCall).length);
    },
  });
  const total = new Counter({ name: 'relay_call_seconds_total', help: 'Time people spent in calls, sampled at each scrape (the same on every replica)', registers, aggregator, collect: () => credit() });
  const perPerson = options.perPerson;
  const personSeconds = perPerson
    ? new Counter({
        name: 'relay_person_call_seconds_total',
        help: 'Time each person spent in calls, sampled at each scrape (METRICS_PER_PERSON)',
        labelNames: ['user_id', 'person'],
        registers,
        aggregator,
        collect: () => credit(),
      })
    : null;
  // Both counters are credited together, once per snapshot, so the total and the per-person sum agree.
  async function credit(): Promise<void> {
    const got = await snapshot();
    if (!got || credited.has(got.seconds)) return;
    const { snapshot: s, seconds } = got;
    credited.add(seconds);
    let sum = 0;
    for (const p of s.people) {
      const add = seconds.get(p.userId) ?? 0;
      sum += add;
      if (add > 0) personSeconds?.inc({ user_id: p.userId, person: p.name }, add);
    }
    total.inc(sum);
  }
  if (!perPerson) return;
  // Both per-person gauges read the same snapshot and differ only in the number they give a person.
  const personGauge = (name: string, help: string, value: (p: Person) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['user_id', 'person'],
      registers,
      async collect() {
        const all = await people();
        if (!all) return;
        this.reset();
        for (const p of all) this.set({ user_id: p.userId, person: p.name }, value(p));
      },
    });
  personGauge('relay_person_availability', `Each person's availability as a number: ${AVAILABILITIES.map((a, i) => `${i}=${a}`).join(', ')} (METRICS_PER_PERSON)`, (p) => AVAILABILITIES.indexOf(p.availability));
  personGauge('relay_person_in_call', 'Whether each person is in a call now, 1 or 0 (METRICS_PER_PERSON)', (p) => Number(p.inCall));
}
