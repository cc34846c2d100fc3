import { useState } from 'preact/hooks';
import { useUiEnv } from './ui-env';

/** The share link, readable and selectable, with a Copy button that says when it worked. */
export function ShareLink(props: { url: string; idPrefix: string }) {
  const { copyText } = useUiEnv();
  const [note, setNote] = useState('');
  const copy = async () => {
    try {
      await copyText(props.url);
      setNote('Copied.');
    } catch (err) {
      setNote(`Could not copy (${err instanceof Error ? err.message : String(err)}); select the link and copy it by hand.`);
    }
  };
  const inputId = `${props.idPrefix}-share-url`;
  return (
    <div class="share-link">
      <label for={inputId}>Share link</label>
      <div class="share-row">
        <input id={inputId} type="text" readOnly value={props.url} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" aria-label="Copy share link" onClick={() => void copy()}>
          Copy
        </button>
      </div>
      <p class="hint copy-note" role="status">
        {note}
      </p>
    </div>
  );
}
