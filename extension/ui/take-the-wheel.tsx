import { shortTime } from '../../core';
import type { RunAction } from './use-action';
import { useUiEnv } from './ui-env';

const SPANS = [
  { hours: 1, words: 'for 1 hour' },
  { hours: 4, words: 'for 4 hours' },
];

/**
 * "Take the wheel": the relay's calendar job stops driving the person's status for a while
 * (PUT /api/v1/me/automation), or is handed the wheel back. Shown when linked to a relay.
 */
export function TakeTheWheel(props: { pausedUntil: string | null; run: RunAction }) {
  const { now, timeZone } = useUiEnv();
  const pause = (hours: number) => void props.run('pauseCalendar', { until: new Date(now() + hours * 3_600_000).toISOString() });
  return (
    <section class="card" aria-labelledby="wheel-heading">
      <h2 id="wheel-heading">Calendar</h2>
      {props.pausedUntil ? (
        <>
          <p class="hint">Your calendar does not set your status until {shortTime(props.pausedUntil, now(), timeZone)}.</p>
          <button type="button" onClick={() => void props.run('pauseCalendar', { until: null })}>
            Let the calendar set my status again
          </button>
        </>
      ) : (
        <>
          <p class="hint">The relay sets your status from your calendar. Take the wheel:</p>
          <div class="chips">
            {SPANS.map((s) => (
              <button key={s.hours} type="button" onClick={() => pause(s.hours)}>
                Ignore my calendar {s.words}
              </button>
            ))}
          </div>
        </>
      )}
    </section>
  );
}
