import { availabilityLabel, shortTime, type ResolvedStatus, type SourceName } from '../../core';
import { agoWords } from './time-words';
import { useNow } from './use-now';
import { useUiEnv } from './ui-env';

/** Where a status came from, as a person would say it. */
export const SOURCE_WORDS: Record<SourceName, string> = {
  manual: 'set by you',
  'teams-local': 'Teams desktop',
  'teams-web': 'Teams on the web',
  graph: 'Microsoft Graph',
  calendar: 'your calendar',
};

/** The big status line: colour plus words (colour is never the only signal), since, source, staleness. */
export function StatusHeader(props: { status: ResolvedStatus }) {
  const { status } = props;
  const { timeZone } = useUiEnv();
  const now = useNow();
  const availability = availabilityLabel(status.availability);
  const source = status.source ? `from ${SOURCE_WORDS[status.source]}` : 'no source can see you';
  return (
    <header class="status-header" data-availability={status.availability}>
      <span class="status-dot" aria-hidden="true" />
      <div class="status-text">
        <h1 class="status-label">
          {status.label}
          {status.label !== availability && <span class="status-availability"> · {availability}</span>}
        </h1>
        <p class="status-meta">
          Since <time dateTime={status.since}>{shortTime(status.since, now, timeZone)}</time> ({agoWords(status.since, now)}) · {source}
        </p>
        {status.stale && (
          <p class="stale-marker">
            <span aria-hidden="true">⚠ </span>Stale: last confirmed {agoWords(status.updatedAt, now)}. The source may have gone quiet.
          </p>
        )}
        {status.message && <p class="status-message">“{status.message}”</p>}
        {(status.calendar?.busyUntil || status.calendar?.next) && (
          <p class="status-calendar">
            {status.calendar.busyUntil && <>Busy until {shortTime(status.calendar.busyUntil, now, timeZone)}</>}
            {status.calendar.busyUntil && status.calendar.next && ' · '}
            {status.calendar.next && (
              <>
                Next {status.calendar.next.showAs === 'oof' ? 'out of office' : 'meeting'} {shortTime(status.calendar.next.start, now, timeZone)}
              </>
            )}
          </p>
        )}
      </div>
    </header>
  );
}
