import { useRef, useState } from 'preact/hooks';
import { TextField } from '../ui/text-field';
import { checkDisplayName, checkRelayUrl } from './relay-url';

/**
 * "Relay URL" + "Your name" + Connect. Both are checked here first; nothing is sent until
 * they pass, and each problem is said under its own field.
 */
export function ConnectForm(props: { initialUrl: string; initialName: string; busy: boolean; onConnect: (relayUrl: string, displayName: string, note: string | null) => void }) {
  const [url, setUrl] = useState(props.initialUrl);
  const [name, setName] = useState(props.initialName);
  const [urlError, setUrlError] = useState<string | null>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  const urlRef = useRef<HTMLInputElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);

  const submit = (e: Event) => {
    e.preventDefault();
    const u = checkRelayUrl(url);
    const n = checkDisplayName(name);
    setUrlError(u.ok ? null : u.error);
    setNameError(n.ok ? null : n.error);
    if (!u.ok) return urlRef.current?.focus();
    if (!n.ok) return nameRef.current?.focus();
    if (u.url !== url.trim()) setUrl(u.url);
    props.onConnect(u.url, n.name, u.note ?? null);
  };

  return (
    <form class="connect-form" onSubmit={submit} noValidate>
      <TextField
        id="relay-url"
        label="Relay URL"
        type="url"
        inputRef={urlRef}
        inputMode="url"
        autocomplete="url"
        placeholder="https://status.example.com"
        value={url}
        onInput={setUrl}
        error={urlError}
        hint="The address of the relay your organisation (or you) runs. A relay on this computer can use http://."
      />
      <TextField
        id="display-name"
        label="Your name"
        inputRef={nameRef}
        autocomplete="name"
        value={name}
        onInput={setName}
        error={nameError}
        hint="Shown on your status page to the people you share it with."
      />
      <button type="submit" class="primary" disabled={props.busy}>
        Connect
      </button>
      {props.busy && (
        <span class="hint"> Connecting…</span>
      )}
    </form>
  );
}
