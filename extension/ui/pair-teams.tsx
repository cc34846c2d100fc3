import type { SourceHealth } from '../shared/messages';
import type { RunAction } from './use-action';

/**
 * Pairing with Teams desktop. Teams only accepts a pair request during a meeting
 * (`canPair`), and answers with an Allow prompt the person must click.
 */
export function PairTeams(props: { teamsLocal: SourceHealth['teamsLocal']; run: RunAction }) {
  const { state, canPair } = props.teamsLocal;
  if (state === 'off' || state === 'paired' || state === 'connecting') return null;
  const hint =
    state === 'pairing'
      ? 'Teams is showing an Allow prompt: click Allow in Teams to finish pairing.'
      : canPair
        ? 'Teams will show an Allow prompt; click Allow there to let this extension see and control your calls.'
        : 'Pairing works only while you are in a Teams meeting. Join one, then pair.';
  return (
    <section class="card pair" aria-labelledby="pair-heading">
      <h2 id="pair-heading">Teams desktop pairing</h2>
      <p id="pair-hint" class="hint">
        {hint}
      </p>
      <button type="button" class="primary" disabled={!canPair || state === 'pairing'} aria-describedby="pair-hint" onClick={() => void props.run('pairTeams', null)}>
        Pair with Teams
      </button>
    </section>
  );
}
