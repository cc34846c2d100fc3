import type { RelayState, SourceHealth, TeamsLocalState, TeamsWebState } from '../shared/messages';
import type { RunAction } from './use-action';

type Tone = 'ok' | 'wait' | 'off' | 'bad';

export interface HealthLine {
  words: string;
  tone: Tone;
}

/** Wording for each state; the icon and tone only repeat what the words already say. */
const LOCAL_WORDS: Record<TeamsLocalState, HealthLine> = {
  off: { words: 'Off', tone: 'off' },
  connecting: { words: 'Connecting…', tone: 'wait' },
  unpaired: { words: 'Connected, not paired', tone: 'wait' },
  pairing: { words: 'Pairing: click Allow in Teams', tone: 'wait' },
  paired: { words: 'Paired', tone: 'ok' },
};

const WEB_WORDS: Record<TeamsWebState, HealthLine> = {
  'no-tab': { words: 'No Teams tab open', tone: 'off' },
  idle: { words: 'Tab open, not in a call', tone: 'ok' },
  'in-call': { words: 'In a call', tone: 'ok' },
  'page-changed': { words: 'Teams page changed; cannot read it', tone: 'bad' },
};

/** The relay's state in words (popup's Sources list and the options page). */
export function relayLine(relay: SourceHealth['relay']): HealthLine {
  const queued = `${relay.queued} ${relay.queued === 1 ? 'update' : 'updates'} queued`;
  const lines: Record<RelayState, HealthLine> = {
    'not-connected': { words: 'Not connected', tone: 'off' },
    synced: { words: 'Synced', tone: 'ok' },
    syncing: { words: relay.queued > 0 ? `Syncing, ${queued}` : 'Syncing…', tone: 'wait' },
    offline: { words: `Offline, ${queued}`, tone: 'bad' },
    error: { words: 'Error', tone: 'bad' },
    revoked: { words: 'Access revoked', tone: 'bad' },
  };
  return lines[relay.state];
}

const TONE_ICON: Record<Tone, string> = { ok: '✓', wait: '…', off: '○', bad: '!' };

const OPTIONS_PAGE = '../options/index.html';

function Row(props: { name: string; line: HealthLine; detail: string | null; link?: { text: string; href: string } | undefined }) {
  return (
    <li class={`health-row tone-${props.line.tone}`}>
      <span class="health-icon" aria-hidden="true">
        {TONE_ICON[props.line.tone]}
      </span>
      <span class="health-name">{props.name}</span>
      <span class="health-state">
        {props.line.words}
        {props.detail && <span class="health-detail">{props.detail}</span>}
        {props.link && (
          <>
            {' '}
            <a href={props.link.href} target="_blank" rel="noreferrer">
              {props.link.text}
            </a>
          </>
        )}
      </span>
    </li>
  );
}

/** One row per sensor and the relay, each saying in words whether it works. */
export function SourceHealthList(props: { health: SourceHealth; run?: RunAction }) {
  const { teamsLocal, teamsWeb, relay } = props.health;
  const relayLink =
    relay.state === 'revoked'
      ? { text: 'Reconnect', href: OPTIONS_PAGE }
      : relay.state === 'not-connected'
        ? { text: 'Connect a relay', href: OPTIONS_PAGE }
        : undefined;
  return (
    <section class="card" aria-labelledby="health-heading">
      <h2 id="health-heading">Sources</h2>
      <ul class="health-list">
        <Row name="Teams desktop" line={LOCAL_WORDS[teamsLocal.state]} detail={teamsLocal.detail} />
        <Row name="Teams web" line={WEB_WORDS[teamsWeb.state]} detail={teamsWeb.detail} />
        <Row name="Relay" line={relayLine(relay)} detail={relay.detail} link={relayLink} />
      </ul>
      {teamsLocal.state === 'off' && props.run && (
        // The client retries on its own with back-off (up to a minute); this is for "I just started Teams".
        <button type="button" onClick={() => void props.run?.('retryTeamsLocal', null)}>
          Try Teams desktop again
        </button>
      )}
    </section>
  );
}
