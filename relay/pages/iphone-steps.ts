import { isLoopbackUrl } from '../../core/loopback';
import { escapeHtml } from './escape-html';

const SCRIPTABLE_APP_STORE = 'https://apps.apple.com/app/scriptable/id1405459188';

/** The collapsed "Add to iPhone" help: Scriptable, the widget script, the home-screen widget. */
export function renderIphoneSteps(shareId: string, shareUrl: string): string {
  const widgetHref = `/s/${encodeURIComponent(shareId)}/widget.js`;
  // Said before the steps: following them with such a link ends in a widget that never loads.
  const loopback = isLoopbackUrl(shareUrl)
    ? `<p class="stale" data-role="loopback" role="note">This link points at ${escapeHtml(new URL(shareUrl).host)}, the relay's own computer: a phone cannot open it. Whoever runs the relay can start it with HOST=0.0.0.0 (or set PUBLIC_URL) for a link phones can reach.</p>`
    : '';
  return `<details class="help">
  <summary>Add to iPhone home screen</summary>
  ${loopback}
  <ol>
    <li>Install <a href="${SCRIPTABLE_APP_STORE}" rel="noopener noreferrer">Scriptable</a> from the App Store (free).</li>
    <li><a class="button" href="${escapeHtml(widgetHref)}" download="Teams Status.js">Download the widget script</a></li>
    <li>Open the downloaded file and choose <strong>Open in Scriptable</strong>, then tap <strong>Add to My Scripts</strong>.</li>
    <li>Touch and hold the home screen, tap <strong>+</strong>, pick <strong>Scriptable</strong> and add a widget.</li>
    <li>Touch and hold the new widget, tap <strong>Edit Widget</strong> and pick the script <strong>Teams Status</strong>.</li>
    <li>If the widget asks for a link, paste <code>${escapeHtml(shareUrl)}</code> as its <strong>Parameter</strong>.</li>
  </ol>
  <p>The widget refreshes when iOS allows it (usually every few minutes) and marks an old status as stale.</p>
</details>`;
}
