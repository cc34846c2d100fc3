import { isLoopbackUrl, type ShareLevel } from '../../core';
import type { SourceHealth } from '../shared/messages';
import { relayLine } from '../ui/source-health';
import { ConfirmButton } from '../ui/confirm-button';
import { ShareLink } from '../ui/share-link';
import { ShareQr } from '../ui/share-qr';

const LEVELS: { level: ShareLevel; title: string; explain: string }[] = [
  { level: 'basic', title: 'Basic', explain: 'Only whether you are available, busy or away, and since when.' },
  { level: 'detailed', title: 'Detailed', explain: 'Also what your call is doing: muted or not, camera on or off, sharing your screen, recording.' },
];

const hostOf = (url: string) => new URL(url).host;

/** The connected relay: share link, QR for phones, share level, rotate and disconnect. */
export function RelayAccount(props: {
  relayUrl: string;
  relay: SourceHealth['relay'] | null;
  share: { url: string; level: ShareLevel };
  busy: boolean;
  onLevel: (level: ShareLevel) => void;
  onRotate: () => void;
  onDisconnect: () => void;
}) {
  const { share } = props;
  return (
    <>
      <p>
        Connected to <strong class="mono">{props.relayUrl}</strong>
        {props.relay && (
          <span class="relay-state">
            {' '}
            · {relayLine(props.relay).words}
          </span>
        )}
      </p>
      {props.relay?.detail && <p class="hint">{props.relay.detail}</p>}
      {isLoopbackUrl(share.url) && (
        <p class="warning" data-role="loopback">
          This link points at {hostOf(share.url)}, this computer only: a phone cannot open it. Start the relay with HOST=0.0.0.0 (or set PUBLIC_URL) for a link phones on your network can reach.
        </p>
      )}
      <div class="share-block">
        <div class="share-main">
          <ShareLink url={share.url} idPrefix="options" />
          <p class="hint">Anyone with this link sees your live status page. Send it only to people you trust.</p>
        </div>
        <figure class="qr-figure">
          <ShareQr url={share.url} />
          <figcaption class="hint">Scan with your phone</figcaption>
        </figure>
      </div>
      <fieldset class="levels" disabled={props.busy}>
        <legend>What the link shows</legend>
        {LEVELS.map((l) => (
          <label key={l.level} class="level-option">
            <input type="radio" name="share-level" value={l.level} checked={share.level === l.level} onChange={() => props.onLevel(l.level)} aria-describedby={`level-${l.level}-explain`} />
            <span>
              <strong>{l.title}</strong>
              <span id={`level-${l.level}-explain`} class="hint block">
                {l.explain}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      <div class="account-actions">
        <ConfirmButton label="Rotate link" confirmLabel="Rotate now" warning="You get a new link; the old link stops working at once for everyone who has it." disabled={props.busy} onConfirm={props.onRotate} />
        <ConfirmButton
          label="Disconnect"
          confirmLabel="Disconnect and delete"
          warning="This deletes your account and history on the relay, and every share link stops working."
          danger
          disabled={props.busy}
          onConfirm={props.onDisconnect}
        />
      </div>
    </>
  );
}
