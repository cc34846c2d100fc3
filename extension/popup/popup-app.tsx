import { useEffect } from 'preact/hooks';
import { CallControls } from '../ui/call-controls';
import { ErrorAlert } from '../ui/error-alert';
import { ManualMenu } from '../ui/manual-menu';
import { PairTeams } from '../ui/pair-teams';
import { PaletteStyle } from '../ui/palette-style';
import { ShareLink } from '../ui/share-link';
import { SourceHealthList } from '../ui/source-health';
import { StatusHeader } from '../ui/status-header';
import { TakeTheWheel } from '../ui/take-the-wheel';
import { TimelineChart } from '../ui/timeline-chart';
import { useAction, type RunAction } from '../ui/use-action';
import { useUiEnv } from '../ui/ui-env';
import { usePopupState } from './use-popup-state';

/** The toolbar popup: status, sources, call controls, manual status, share link, today. */
export function PopupApp() {
  const { state, error: stateError, refresh } = usePopupState();
  const { send } = useUiEnv();
  // Opening the popup is the moment a fresh Graph reading is worth a request.
  useEffect(() => void send('refreshSources', null), [send]);
  const { run: runRaw, error: actionError } = useAction();
  // Re-read the state right after an action so the popup reflects it without waiting a poll.
  const run: RunAction = async (type, payload) => {
    const reply = await runRaw(type, payload);
    refresh();
    return reply;
  };
  return (
    <main class="popup">
      <PaletteStyle />
      <ErrorAlert messages={[actionError, state?.lastError, stateError && `Cannot read the status: ${stateError}`]} />
      {state === null ? (
        <p class="hint">{stateError ? 'The status is not available right now.' : 'Reading your status…'}</p>
      ) : (
        <>
          <StatusHeader status={state.status} />
          <CallControls call={state.call} run={run} />
          <ManualMenu manual={state.manual} run={run} />
          <SourceHealthList health={state.health} run={run} />
          <PairTeams teamsLocal={state.health.teamsLocal} run={run} />
          {state.share && <TakeTheWheel pausedUntil={state.calendarPausedUntil} run={run} />}
          {state.share && (
            <section class="card" aria-labelledby="share-heading">
              <h2 id="share-heading">Share</h2>
              <ShareLink url={state.share.url} idPrefix="popup" />
            </section>
          )}
          <TimelineChart />
        </>
      )}
    </main>
  );
}
