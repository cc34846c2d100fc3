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
