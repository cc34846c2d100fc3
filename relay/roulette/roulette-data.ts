import { DEFAULT_ROULETTE_SETTINGS, type GroupState, type RouletteChoices, type RouletteFigures, type RouletteSettings, type RouletteSlot } from '../../core';
import type { Store } from '../store/store';

/** One group as the store keeps it: the view plus where its event lives. */
export interface GroupRecord {
  people: string[];
  slot: RouletteSlot | null;
  state: GroupState;
  link: string | null;
  /** The mailbox the event was created in, and its id (null: no event). */
  organiser: string | null;
  eventId: string | null;
  /** Outcomes and reschedules as they happened, oldest first. */
  log: { at: string; what: string; by?: string }[];
}

export interface RoundRecord {
  id: string;
  weekOf: string;
  dryRun: boolean;
  createdAt: string;
  seed: string;
  timeZone: string;
  durationMinutes: number;
  groups: GroupRecord[];
  unpaired: { email: string; reason: string }[];
  figures: RouletteFigures;
}

/** A one-time reschedule offer behind /r/{code}: who may confirm, which slots. */
export interface RescheduleOffer {
  roundId: string;
  group: number;
  by: string;
  slots: RouletteSlot[];
  expiresAt: string;
}

const DAY_MS = 86_400_000;

/**
 * How long rounds are kept: real rounds a year, or twice the no-repeat window when that is
 * longer (the matcher's memory must outlive the window); dry runs, which every `plan` adds,
 * two weeks. Reschedule codes go a week after they expire, or with their round.
 */
export const ROUND_RETENTION = { realDays: 365, dryRunDays: 14, expiredCodeDays: 7 } as const;

const DEFAULT_CHOICES: RouletteChoices = { optOut: false, snoozeUntil: null, doNotPair: [] };
const SETTINGS_ID = 'org';

/** Meeting roulette's records in the store's documents (settings, choices by email, rounds, codes). */
export class RouletteData {
  constructor(private readonly store: Store) {}

  async settings(): Promise<RouletteSettings> {
    const raw = await this.store.getDocument('roulette-settings', SETTINGS_ID);
    return { ...DEFAULT_ROULETTE_SETTINGS, ...(raw ? (JSON.parse(raw) as Partial<RouletteSettings>) : {}) };
  }

  async saveSettings(settings: RouletteSettings): Promise<void> {
    await this.store.putDocument('roulette-settings', SETTINGS_ID, JSON.stringify(settings));
  }

  async choices(email: string): Promise<RouletteChoices> {
    const raw = await this.store.getDocument('roulette-choices', email.toLowerCase());
    return { ...DEFAULT_CHOICES, ...(raw ? (JSON.parse(raw) as Partial<RouletteChoices>) : {}) };
  }

  async allChoices(): Promise<Map<string, RouletteChoices>> {
    const docs = await this.store.listDocuments('roulette-choices');
    return new Map(docs.map((d) => [d.id, { ...DEFAULT_CHOICES, ...(JSON.parse(d.value) as Partial<RouletteChoices>) }]));
  }

  async saveChoices(email: string, choices: RouletteChoices): Promise<void> {
    await this.store.putDocument('roulette-choices', email.toLowerCase(), JSON.stringify(choices));
  }

  async round(id: string): Promise<RoundRecord | null> {
    const raw = await this.store.getDocument('roulette-round', id);
    return raw ? (JSON.parse(raw) as RoundRecord) : null;
  }

  /** Real rounds (not dry runs), oldest week first: the matcher's memory. */
  async history(): Promise<RoundRecord[]> {
    const docs = await this.store.listDocuments('roulette-round');
    return docs
      .map((d) => JSON.parse(d.value) as RoundRecord)
      .filter((r) => !r.dryRun)
      .sort((a, b) => (a.weekOf < b.weekOf ? -1 : a.weekOf > b.weekOf ? 1 : a.createdAt < b.createdAt ? -1 : 1));
  }

  async saveRound(round: RoundRecord): Promise<void> {
    await this.store.putDocument('roulette-round', round.id, JSON.stringify(round));
  }

  /** Remove what the retention above no longer keeps; answers how many rounds and codes went. */
  async prune(nowMs: number, noRepeatWeeks: number): Promise<{ rounds: number; codes: number }> {
    const realCutoff = nowMs - Math.max(ROUND_RETENTION.realDays, noRepeatWeeks * 14) * DAY_MS;
    const dryCutoff = nowMs - ROUND_RETENTION.dryRunDays * DAY_MS;
    const kept = new Set<string>();
    let rounds = 0;
    for (const doc of await this.store.listDocuments('roulette-round')) {
      const round = JSON.parse(doc.value) as RoundRecord;
      // A real round ages by its week (its meetings), a dry run by when it was made.
      const old = round.dryRun ? Date.parse(round.createdAt) < dryCutoff : Date.parse(`${round.weekOf}T00:00:00Z`) < realCutoff;
      if (!old) kept.add(round.id);
      else if (await this.store.takeDocument('roulette-round', round.id)) rounds++;
    }
    let codes = 0;
    for (const doc of await this.store.listDocuments('roulette-code')) {
      const offer = JSON.parse(doc.value) as RescheduleOffer;
      // An expired code is kept a while so its page can still say "expired" rather than "unknown".
      if ((!kept.has(offer.roundId) || Date.parse(offer.expiresAt) < nowMs - ROUND_RETENTION.expiredCodeDays * DAY_MS) && (await this.store.takeDocument('roulette-code', doc.id))) codes++;
    }
    return { rounds, codes };
  }

  async offer(code: string): Promise<RescheduleOffer | null> {
    const raw = await this.store.getDocument('roulette-code', code);
    return raw ? (JSON.parse(raw) as RescheduleOffer) : null;
  }

  async saveOffer(code: string, offer: RescheduleOffer): Promise<void> {
    await this.store.putDocument('roulette-code', code, JSON.stringify(offer));
  }

  /** The offer, gone from the store for everyone else: a code confirms once. */
  async takeOffer(code: string): Promise<RescheduleOffer | null> {
    const raw = await this.store.takeDocument('roulette-code', code);
    return raw ? (JSON.parse(raw) as RescheduleOffer) : null;
  }
}
