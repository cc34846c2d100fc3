/**
 * One always-present alert region: screen readers announce text that appears in it, which
 * only works when the region exists before the text does.
 */
export function ErrorAlert(props: { messages: (string | null | undefined)[] }) {
  const shown = [...new Set(props.messages.filter((m): m is string => Boolean(m)))];
  return (
    <div role="alert" class={shown.length ? 'error-alert' : 'error-alert empty'}>
      {shown.map((m) => (
        <p key={m}>
          <span aria-hidden="true">✕ </span>
          {m}
        </p>
      ))}
    </div>
  );
}
