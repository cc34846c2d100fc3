import type { HealthTone, RelayState, SourceHealth } from '../shared/messages';
import { agoWords } from './time-words';
import { useNow } from './use-now';
import type { RunAction } from './use-action';

type Tone = HealthTone;

export interface HealthLine {
  words: string;
  tone: Tone;
}

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
        {props.detail && <span class="health-detail"> ({props.detail})</span>}
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
  const { sources, teamsLocal, relay } = props.health;
  const now = useNow();
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
        {sources.map((s) => (
          <Row key={s.id} name={s.name} line={s} detail={[s.detail, s.updatedAt && `updated ${agoWords(s.updatedAt, now)}`].filter(Boolean).join('; ') || null} />
        ))}
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
