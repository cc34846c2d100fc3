import { escapeHtml } from './escape-html';

/**
 * "Notify me when free": a share-link holder asks for one message (an ntfy topic) when the
 * person is free or out of their call. The page's script sends it (status-page-watch.js); the
 * CSP forbids native form submission, so nothing is sent without it.
 */
export function renderWatchForm(displayName: string): string {
  const name = escapeHtml(displayName);
  return `<details class="help watch" data-role="watch">
    <summary>Notify me when ${name} is free</summary>
    <form class="watch-form" data-role="watch-form" novalidate>
      <p>One message, once, to an <a href="https://ntfy.sh" rel="noreferrer">ntfy</a> topic you follow in the ntfy app or a browser. It ends by itself after the time you choose.</p>
      <label for="watch-when">Tell me</label>
      <select id="watch-when" name="when">
        <option value="available">when ${name} is free</option>
        <option value="call-ended">when ${name}’s call ends</option>
      </select>
      <label for="watch-topic">ntfy topic URL</label>
      <input id="watch-topic" name="topic" type="url" inputmode="url" autocomplete="off" placeholder="https://ntfy.sh/a-long-private-topic" required>
      <label for="watch-hours">For the next</label>
      <select id="watch-hours" name="hours">
        <option value="60">hour</option>
        <option value="240">4 hours</option>
        <option value="480" selected>8 hours</option>
        <option value="1440">24 hours</option>
      </select>
      <button class="button" type="submit">Notify me</button>
      <button class="button" type="button" data-role="watch-push" hidden>Notify me in this browser instead</button>
      <p class="watch-result" data-role="watch-result" role="status" aria-live="polite"></p>
    </form>
  </details>`;
}
