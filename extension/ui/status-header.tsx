import { agoText, availabilityLabel, calendarLines, SOURCE_WORDS, type ResolvedStatus } from '../../core';
import { useClock } from './use-clock';
import { useNow } from './use-now';

/** The big status line: colour plus words (colour is never the only signal), since, source, staleness. */
export function StatusHeader(props: { status: ResolvedStatus }) {
  const { status } = props;
  const clock = useClock();
  const now = useNow();
  const availability = availabilityLabel(status.availability);
  const source = status.source ? SOURCE_WORDS[status.source] : 'no source can see you';
  const calendar = calendarLines(status.calendar, status.label, now, clock.style);
  return (
    <header class="status-header" data-availability={status.availability}>
      <span class="status-dot" aria-hidden="true" />
      <div class="status-text">
        <h1 class="status-label">
          {status.label}
          {status.label !== availability && <span class="status-availability"> · {availability}</span>}
        </h1>
        <p class="status-meta">
          Since <time dateTime={status.since}>{clock.at(status.since, now)}</time> ({agoText(status.since, now)}) · {source}
        </p>
        {status.stale && (
          <p class="stale-marker">
            <span aria-hidden="true">⚠ </span>Stale: last confirmed {agoText(status.updatedAt, now)}. The source may have gone quiet.
          </p>
        )}
        {status.message && <p class="status-message">“{status.message}”</p>}
        {calendar.length > 0 && <p class="status-calendar">{calendar.map((line) => line.text).join(' · ')}</p>}
      </div>
    </header>
  );
}
