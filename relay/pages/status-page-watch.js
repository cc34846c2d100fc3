// "Notify me when free" on the status page: posts a watch for this share with the viewer's ntfy
// topic and says in words what will happen. Loaded by status-page.js under the page's CSP.
/* global fetch, FormData */
import { browserSubscription, pushSupported } from './status-page-push.js';

function describe(when, expiresAt) {
  const until = new Date(expiresAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  const what = when === 'call-ended' ? 'when the call ends' : 'when they are free';
  return `Done. You will get one message ${what} (this watch ends at ${until} if nothing happens).`;
}

export function setupWatch(el, base) {
  const form = el('watch-form');
  const result = el('watch-result');
  const push = el('watch-push');
  if (!form || !result) return;
  const save = async (data, channel) => {
    const buttons = [...form.querySelectorAll('button')];
    buttons.forEach((b) => (b.disabled = true));
    result.textContent = 'Saving…';
    try {
      const when = String(data.get('when'));
      const res = await fetch(`${base}/watches`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ when, channel: await channel(), expiresInMinutes: Number(data.get('hours')) }),
      });
      const body = await res.json().catch(() => ({}));
      result.textContent = res.status === 201 ? describe(when, body.expiresAt) : `Not saved: ${body.error?.message ?? `the relay answered ${res.status}`}.`;
    } catch (err) {
      result.textContent = err instanceof TypeError ? 'Not saved: the relay could not be reached. Try again.' : `Not saved: ${err instanceof Error ? err.message : String(err)}.`;
    } finally {
      buttons.forEach((b) => (b.disabled = false));
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const topic = String(data.get('topic') ?? '').trim();
    if (!/^https?:\/\/.+\/[-_A-Za-z0-9]{1,64}$/.test(topic)) {
      result.textContent = 'Enter the full topic URL, such as https://ntfy.sh/a-long-private-topic.';
      return;
    }
    void save(data, async () => ({ type: 'ntfy', url: topic }));
  });
  if (push && pushSupported()) {
    push.hidden = false;
    push.addEventListener('click', () => void save(new FormData(form), async () => ({ type: 'web-push', subscription: await browserSubscription() })));
  }
}
