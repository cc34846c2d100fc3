import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * A button that asks before doing something that cannot be undone: the first press shows
 * the consequence and a confirm/cancel pair in place (no native dialog, so keyboard focus stays put).
 */
export function ConfirmButton(props: { label: string; confirmLabel: string; warning: string; danger?: boolean; disabled?: boolean; onConfirm: () => void }) {
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const startRef = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  // Focus follows the question: onto the confirm button, and back to where it started on cancel.
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (asked.current) startRef.current?.focus();
    asked.current = asking;
  }, [asking]);
  const start = () => setAsking(true);
  if (!asking) {
    return (
      <button ref={startRef} type="button" class={props.danger ? 'danger' : ''} disabled={props.disabled} onClick={start}>
        {props.label}
      </button>
    );
  }
  return (
    <div class="confirm" role="group" aria-label={props.label}>
      <p class="confirm-warning">{props.warning}</p>
      <button
        ref={confirmRef}
        type="button"
        class={props.danger ? 'danger' : 'primary'}
        onClick={() => {
          setAsking(false);
          props.onConfirm();
        }}
      >
        {props.confirmLabel}
      </button>{' '}
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </div>
  );
}
