import { useEffect, useState } from 'preact/hooks';
import type { Settings } from '../shared/messages';
import { TextField } from '../ui/text-field';
import { checkTeamsLocalUrl } from './relay-url';

/** Default address of the Teams desktop third-party app API. */
export const DEFAULT_TEAMS_LOCAL_URL = 'ws://127.0.0.1:8124';

/** Options → Advanced: where the Teams desktop local API listens, and whether to use it. */
export function AdvancedSettings(props: { settings: Settings; busy: boolean; onSave: (patch: Pick<Settings, 'teamsLocalUrl' | 'teamsLocalEnabled'>) => void }) {
  const [url, setUrl] = useState(props.settings.teamsLocalUrl || DEFAULT_TEAMS_LOCAL_URL);
  const [enabled, setEnabled] = useState(props.settings.teamsLocalEnabled);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setUrl(props.settings.teamsLocalUrl || DEFAULT_TEAMS_LOCAL_URL);
    setEnabled(props.settings.teamsLocalEnabled);
  }, [props.settings.teamsLocalUrl, props.settings.teamsLocalEnabled]);

  const save = (e: Event) => {
    e.preventDefault();
    const check = checkTeamsLocalUrl(url);
    if (!check.ok) return setError(check.error);
    setError(null);
    props.onSave({ teamsLocalUrl: check.url, teamsLocalEnabled: enabled });
  };

  return (
    <details class="advanced">
      <summary>Advanced</summary>
      <form onSubmit={save} noValidate>
        <label class="switch">
          <input type="checkbox" role="switch" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
          <span>Use the Teams desktop local API</span>
        </label>
        <p class="hint">Microsoft retired this API for most organisations in June 2026; turn it off if Teams no longer offers it.</p>
        <TextField id="teams-local-url" label="Teams local API address" class="mono" value={url} onInput={setUrl} error={error} />
        <button type="submit" disabled={props.busy}>
          Save advanced settings
        </button>
      </form>
    </details>
  );
}
