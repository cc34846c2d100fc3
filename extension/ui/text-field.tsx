import type { Ref } from 'preact';

/**
 * A labelled text input with an optional hint and its error under it, both tied to the input
 * by aria-describedby (error first, so a screen reader says what is wrong before the advice).
 */
export function TextField(props: {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  error: string | null;
  hint?: string;
  type?: 'text' | 'url';
  class?: string;
  inputRef?: Ref<HTMLInputElement>;
  inputMode?: 'url' | 'text';
  autocomplete?: string;
  placeholder?: string;
}) {
  const { id, error, hint } = props;
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ');
  const input = {
    id,
    ref: props.inputRef,
    class: props.class,
    inputMode: props.inputMode,
    autocomplete: props.autocomplete,
    placeholder: props.placeholder,
    value: props.value,
    onInput: (e: { currentTarget: HTMLInputElement }) => props.onInput(e.currentTarget.value),
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': describedBy || undefined,
  };
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {/* Two literal types: preact types each input type as its own attribute set. */}
      {props.type === 'url' ? <input type="url" {...input} /> : <input type="text" {...input} />}
      {hint && (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} class="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
