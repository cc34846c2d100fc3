import { useState } from 'preact/hooks';
import { availabilityLabel } from '../../core';
import type { ManualAvailability, ManualView } from '../shared/messages';
import { defaultUntilInput, nextClockTime } from './time-words';
import type { RunAction } from './use-action';
import { useClock } from './use-clock';
import { useUiEnv } from './ui-env';

const CHOICES: ManualAvailability[] = ['Busy', 'DoNotDisturb', 'Away', 'BeRightBack'];

type Span = { kind: 'for'; minutes: number; words: string; short: string } | { kind: 'at' } | { kind: 'cleared' };

const SPANS: Span[] = [
  { kind: 'for', minutes: 30, words: 'for 30 min', short: '30 min' },
  { kind: 'for', minutes: 60, words: 'for 1 hour', short: '1 hour' },
  { kind: 'at' },
  { kind: 'cleared' },
];

/**
 * Manual status in one click: each availability × how long (30 min, 1 h, until a chosen
 * time, until cleared). Deadlines are computed from the clock at the moment of the click.
 */
export function ManualMenu(props: { manual: ManualView | null; run: RunAction }) {
  const { now } = useUiEnv();
  const clock = useClock();
  const [untilInput, setUntilInput] = useState(() => defaultUntilInput(now()));
  const [inputError, setInputError] = useState<string | null>(null);

  const choose = (availability: ManualAvailability, span: Span) => {
    let until: string | null = null;
    if (span.kind === 'for') until = new Date(now() + span.minutes * 60_000).toISOString();
    if (span.kind === 'at') {
      const at = nextClockTime(untilInput, now());
      if (at === null) {
        setInputError('Pick a time first, like 15:30.');
        return;
      }
      until = new Date(at).toISOString();
    }
    setInputError(null);
    void props.run('setManual', { availability, until });
  };

  // Two short lines per chip keep four of them beside the row label in a 360 px popup.
  const spanText = (span: Span) =>
    span.kind === 'for' ? (
      span.short
    ) : (
      <>
        Until
        <br />
        {span.kind === 'at' ? (untilInput ? clock.picked(untilInput) : '…') : 'cleared'}
      </>
    );
  const spanName = (span: Span) => (span.kind === 'for' ? span.words : span.kind === 'at' ? `until ${untilInput ? clock.picked(untilInput) : 'the chosen time'}` : 'until cleared');
  const current = props.manual;

  return (
    <section class="card" aria-labelledby="manual-heading">
      <h2 id="manual-heading">Set a status</h2>
      {current && (
        <p class="manual-current">
          <span>
            You set <strong>{availabilityLabel(current.availability)}</strong>
            {current.until ? ` until ${clock.at(current.until, now())}` : ' until cleared'}.
          </span>{' '}
          <button type="button" onClick={() => void props.run('clearManual', null)}>
            Clear
          </button>
        </p>
      )}
      <label class="until-picker">
        Until time <input type="time" value={untilInput} onInput={(e) => setUntilInput(e.currentTarget.value)} aria-invalid={inputError ? 'true' : undefined} aria-describedby={inputError ? 'until-error' : undefined} />
      </label>
      {inputError && (
        <p id="until-error" class="field-error">
          {inputError}
        </p>
      )}
      <table class="manual-grid">
        <colgroup>
          <col class="col-name" />
          {SPANS.map((span) => (
            <col key={span.kind === 'for' ? span.minutes : span.kind} class={span.kind === 'at' ? 'col-until' : undefined} />
          ))}
        </colgroup>
        <tbody>
          {CHOICES.map((a) => (
            <tr key={a}>
              <th scope="row" data-availability={a}>
                <span class="status-dot small" aria-hidden="true" />
                {availabilityLabel(a)}
              </th>
              {SPANS.map((span) => (
                <td key={span.kind === 'for' ? span.minutes : span.kind}>
                  <button type="button" class="chip" aria-label={`${availabilityLabel(a)} ${spanName(span)}`} onClick={() => choose(a, span)}>
                    {spanText(span)}
                  </button>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
