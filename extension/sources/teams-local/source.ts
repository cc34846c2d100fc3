import type { SourceLine, SourceSettings, TeamsLocalState } from '../../shared/messages';
import type { SourceReading, StatusSource } from '../source';
import type { TeamsLocalSource } from './client';
import { toTeamsReport } from './report';
import { checkAddress } from './url';

/** Wording for each state; the popup's icon and tone only repeat what the words already say. */
const LOCAL_WORDS: Record<TeamsLocalState, Pick<SourceLine, 'words' | 'tone'>> = {
  off: { words: 'Off or not present', tone: 'off' },
  connecting: { words: 'Connecting…', tone: 'wait' },
  unpaired: { words: 'Connected, not paired', tone: 'wait' },
  pairing: { words: 'Pairing: click Allow in Teams', tone: 'wait' },
  paired: { words: 'Paired', tone: 'ok' },
};

export function teamsLocalLine(state: TeamsLocalState, detail: string | null): SourceLine {
  return { id: 'teams-local', name: 'Teams desktop', ...LOCAL_WORDS[state], detail };
}

/** The Teams desktop client behind the worker's source interface (its settings: address, on/off). */
export function teamsLocalStatusSource(client: TeamsLocalSource, now: () => number): StatusSource<'teams-local'> {
  let enabled = false;
  let address: string | null = null;
  return {
    id: 'teams-local',
    publishes: 'teams-local',
    async start() {
      if (enabled) await client.start();
    },
    stop: () => client.stop(),
    health() {
      const snap = client.snapshot();
      return teamsLocalLine(snap.state, snap.detail);
    },
    current: (): SourceReading<'teams-local'> => ({ report: toTeamsReport(client.snapshot(), new Date(now()).toISOString()) }),
    onChange: (listener) => client.onChange(() => listener()),
    wantsKeepAlive() {
      const s = client.snapshot().state;
      return s === 'unpaired' || s === 'pairing' || s === 'paired';
    },
    checkSettings: (patch) => (patch.teamsLocalUrl !== undefined ? checkAddress(patch.teamsLocalUrl) : null),
    async configure(settings: SourceSettings) {
      const first = address === null;
      if (!first && settings.teamsLocalUrl !== address) client.setAddress(settings.teamsLocalUrl);
      address = settings.teamsLocalUrl;
      const was = enabled;
      enabled = settings.teamsLocalEnabled;
      if (first) return;
      if (enabled && !was) await client.start();
      if (!enabled && was) client.stop();
    },
  };
}
