import type { SourceLine, TeamsWebState } from '../shared/messages';
import type { StatusSource } from '../sources/source';
import type { TeamsWebTabs } from './teams-web-tabs';

const WEB_WORDS: Record<TeamsWebState, Pick<SourceLine, 'words' | 'tone'>> = {
  'no-tab': { words: 'No Teams tab open', tone: 'off' },
  idle: { words: 'Tab open, not in a call', tone: 'ok' },
  'in-call': { words: 'In a call', tone: 'ok' },
  'page-changed': { words: 'Teams page changed; cannot read it', tone: 'bad' },
};

export function teamsWebLine(state: TeamsWebState, detail: string | null): SourceLine {
  return { id: 'teams-web', name: 'Teams web', ...WEB_WORDS[state], detail };
}

/**
 * The Teams tabs' content scripts behind the source interface. They push their readings as
 * messages (worker.onTeamsWebUpdate), so start/stop have nothing to open; the worker announces
 * changes itself. Kept here, beside TeamsWebTabs, because its state lives in the worker.
 */
export function teamsWebStatusSource(tabs: TeamsWebTabs, now: () => number): StatusSource<'teams-web'> {
  return {
    id: 'teams-web',
    publishes: 'teams-web',
    start: async () => undefined,
    stop: () => undefined,
    health() {
      const h = tabs.health();
      return teamsWebLine(h.state, h.detail);
    },
    current: () => ({ report: tabs.report(now()) }),
    onChange: () => undefined,
    // Timers in the content script's call handling need the worker while a call is on.
    wantsKeepAlive: () => tabs.winner()?.snapshot.state === 'in-call',
  };
}
