import { useState } from 'preact/hooks';
import type { ChannelInput } from '../../core';
import { TextField } from '../ui/text-field';
import { CHANNEL_KIND } from '../ui/notify-words';

type Kind = 'webhook' | 'teams-workflow' | 'ntfy';

const HINT: Record<Kind, string> = {
  webhook: 'Deliveries are signed (Standard Webhooks); the signing secret is shown once after adding.',
  'teams-workflow': 'In Teams: the channel → Workflows → "Post to a channel when a webhook request is received", then paste its URL.',
  ntfy: 'The topic URL, e.g. https://ntfy.sh/a-long-private-name; follow it in the ntfy app.',
};

/** Add a channel: which kind, and its address. */
export function ChannelForm(props: { busy: boolean; onAdd: (input: ChannelInput) => void }) {
  const [kind, setKind] = useState<Kind>('ntfy');
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: Event) => {
    e.preventDefault();
    const trimmed = url.trim();
    if (!/^https?:\/\/\S+$/.test(trimmed)) return setError('Enter the full address, starting with https://.');
    setError(null);
    props.onAdd({ type: kind, url: trimmed } as ChannelInput);
    setUrl('');
  };
  return (
    <form class="channel-form" onSubmit={submit} noValidate>
      <div class="field">
        <label for="channel-kind">Kind</label>
        <select id="channel-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as Kind)}>
          {(Object.keys(HINT) as Kind[]).map((k) => (
            <option value={k}>{CHANNEL_KIND[k]}</option>
          ))}
        </select>
      </div>
      <TextField id="channel-url" label="Address" type="url" inputMode="url" class="mono" value={url} onInput={setUrl} error={error} hint={HINT[kind]} />
      <button type="submit" disabled={props.busy}>
        Add channel
      </button>
    </form>
  );
}
