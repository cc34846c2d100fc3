import { useEffect, useState } from 'preact/hooks';
import type { SourceLine } from '../shared/messages';
import { checkCalendarLink, isOutlookCalendarHost, normaliseCalendarLink } from '../sources/ics/link-url';
import { TextField } from '../ui/text-field';

const HINT =
  'In Outlook on the web: Settings → Calendar → Shared calendars → Publish a calendar. Choose the calendar and "Can view when I\'m busy", press Publish, and copy the ICS link. Only your busy times are used; titles and places never leave this browser.';

/**
 * Options → Calendar: the consent-free path to "Busy until 11:00" (no Microsoft 365 sign-in).
 * A link on a host the manifest does not grant is allowed from this click, or not saved.
 */
export function CalendarLinkForm(props: {
  saved: string | null;
  health: SourceLine | null;
  busy: boolean;
  requestHostAccess: (url: string) => Promise<boolean>;
  onSave: (link: string | null) => Promise<void>;
}) {
  const [link, setLink] = useState(props.saved ?? '');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setLink(props.saved ?? ''), [props.saved]);

  const save = async (e: Event) => {
    e.preventDefault();
    const problem = checkCalendarLink(link);
    if (problem) return setError(problem);
    const url = normaliseCalendarLink(link);
    if (url && !isOutlookCalendarHost(url)) {
      const host = new URL(url).host;
      let allowed = false;
      try {
        allowed = await props.requestHostAccess(url);
      } catch (err) {
        return setError(`The browser could not ask for access to ${host}: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (!allowed) return setError(`The extension needs your permission to read calendars from ${host}. Press Save again and choose Allow.`);
    }
    setError(null);
    await props.onSave(url);
  };

  const h = props.health;
  return (
    <form onSubmit={(e) => void save(e)} noValidate>
      <TextField id="calendar-link" label="Calendar link (ICS)" type="url" inputMode="url" class="mono" autocomplete="off" placeholder="https://outlook.office365.com/owa/calendar/…/calendar.ics" value={link} onInput={setLink} error={error} hint={HINT} />
      <button type="submit" disabled={props.busy}>
        Save
      </button>
      {h && h.tone !== 'off' && (
        <p class={`calendar-health tone-${h.tone}`} role="status">
          Calendar link: {h.words}
          {h.detail && ` (${h.detail})`}
        </p>
      )}
    </form>
  );
}
