// Web Push for a watch, in the viewer's own browser: the page's service worker (/push-worker.js)
// shows the one notification. Offered only where the browser has service workers and push.
/* global navigator, window, fetch, Notification, setTimeout */

function keyBytes(base64url) {
  const text = window.atob(base64url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (base64url.length % 4)) % 4));
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

export function pushSupported() {
  return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

/** A browser step that may never answer (no push service reachable) ends with words instead. */
function within(ms, promise, words) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(words)), ms))]);
}

/** Ask for permission, subscribe with the relay's VAPID key, and hand back the subscription as JSON. */
export async function browserSubscription() {
  const permission = Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
  if (permission !== 'granted') throw new Error('notifications are blocked for this site in the browser');
  const registration = await navigator.serviceWorker.register('/push-worker.js', { scope: '/s/' });
  await within(10_000, navigator.serviceWorker.ready, 'the browser did not start the page’s notification helper');
  const { key } = await (await fetch('/vapid-public-key')).json();
  const subscription = await within(
    10_000,
    registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) }),
    'the browser’s push service did not answer (an ntfy topic works instead)',
  );
  return subscription.toJSON();
}
