import { useRef, useState } from 'preact/hooks';
import { TextField } from '../ui/text-field';
import { checkInviteLink } from './invite-link';

/** "Join your organisation": an invite link instead of a relay address (the relay's roster names the person). */
export function JoinForm(props: { busy: boolean; onJoin: (relayUrl: string, code: string) => void }) {
  const [link, setLink] = useState('');
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLInputElement>(null);

  const submit = (e: Event) => {
    e.preventDefault();
    const checked = checkInviteLink(link);
    setError(checked.ok ? null : checked.error);
    if (!checked.ok) return ref.current?.focus();
    props.onJoin(checked.relayUrl, checked.code);
  };

  return (
    <form class="connect-form" onSubmit={submit} noValidate aria-labelledby="join-heading">
      <h3 id="join-heading">Join your organisation</h3>
      <TextField
        id="invite-link"
        label="Invite link"
        type="url"
        inputRef={ref}
        inputMode="url"
        value={link}
        onInput={setLink}
        error={error}
        hint="Your administrator sends this link once; it works one time only."
      />
      <button type="submit" class="primary" disabled={props.busy}>
        Join
      </button>
    </form>
  );
}
