// "Notify me when free" on the status page: posts a watch for this share with the viewer's ntfy
// topic and says in words what will happen. Loaded by status-page.js under the page's CSP.
/* global fetch, FormData */

function describe(when, expiresAt) {
  const until = new Date(expiresAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  const what = when === 'call-ended' ? 'when the call ends' : 'when they are free';
  return `Done. You will get one message ${what} (this watch ends at ${until} if nothing happens).`;
}

export function setupWatch(el, base) {
  const form = el('watch-form');
  const result = el('watch-result');
  if (!form || !result) return;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const topic = String(data.get('topic') ?? '').trim();
    if (!/^https?:\/\/.+\/[-_A-Za-z0-9]{1,64}$/.test(topic)) {
      result.textContent = 'Enter the full topic URL, such as https://ntfy.sh/a-long-private-topic.';
      return;
    }
    const button = form.querySelector('button');
    button.disabled = true;
    result.textContent = 'Saving…';
    try {
      const when = String(data.get('when'));
      const res = await fetch(`${base}/watches`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ when, channel: { type: 'ntfy', url: topic }, expiresInMinutes: Number(data.get('hours')) }),
      });
      const body = await res.json().catch(() => ({}));
      result.textContent = res.status === 201 ? describe(when, body.expiresAt) : `Not saved: ${body.error?.message ?? `the relay answered ${res.status}`}.`;
    } catch {
      result.textContent = 'Not saved: the relay could not be reached. Try again.';
    } finally {
      button.disabled = false;
    }
  });
}
