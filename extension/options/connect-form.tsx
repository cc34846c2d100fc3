import { useRef, useState } from 'preact/hooks';
import { checkDisplayName, checkRelayUrl } from './relay-url';

/**
 * "Relay URL" + "Your name" + Connect. Both are checked here first; nothing is sent until
 * they pass, and each problem is said under its own field.
 */
export function ConnectForm(props: { initialUrl: string; initialName: string; busy: boolean; onConnect: (relayUrl: string, displayName: string) => void }) {
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
    props.onConnect(u.url, n.name);
  };

  return (
    <form class="connect-form" onSubmit={submit} noValidate>
      <div class="field">
        <label for="relay-url">Relay URL</label>
        <input
          id="relay-url"
          ref={urlRef}
          type="url"
          inputMode="url"
          autocomplete="url"
          placeholder="https://status.example.com"
          value={url}
          onInput={(e) => setUrl(e.currentTarget.value)}
          aria-invalid={urlError ? 'true' : undefined}
          aria-describedby={urlError ? 'relay-url-error relay-url-hint' : 'relay-url-hint'}
        />
        <p id="relay-url-hint" class="hint">
          The address of the relay your organisation (or you) runs. A relay on this computer can use http://.
        </p>
        {urlError && (
          <p id="relay-url-error" class="field-error">
            {urlError}
          </p>
        )}
      </div>
      <div class="field">
        <label for="display-name">Your name</label>
        <input
          id="display-name"
          ref={nameRef}
          type="text"
          autocomplete="name"
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
          aria-invalid={nameError ? 'true' : undefined}
          aria-describedby={nameError ? 'display-name-error display-name-hint' : 'display-name-hint'}
        />
        <p id="display-name-hint" class="hint">
          Shown on your status page to the people you share it with.
        </p>
        {nameError && (
          <p id="display-name-error" class="field-error">
            {nameError}
          </p>
        )}
      </div>
      <button type="submit" class="primary" disabled={props.busy}>
        Connect
      </button>
      {props.busy && (
        <span class="hint"> Connecting…</span>
      )}
    </form>
  );
}
