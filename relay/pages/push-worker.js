// The status page's service worker (served as /push-worker.js, scope /s/): shows the one push a
// watch sends ({title, body, url, event}) and opens the status page when it is clicked.
/* global self, clients */

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { title: 'Teams Status', body: event.data ? event.data.text() : '' };
  }
  const title = typeof data.title === 'string' ? data.title : 'Teams Status';
  const options = { body: typeof data.body === 'string' ? data.body : '', data: { url: typeof data.url === 'string' ? data.url : '/' }, tag: data.event?.id };
  event.waitUntil(self.registration.showNotification(title, options));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = event.notification.data?.url ?? '/';
  event.waitUntil(clients.openWindow(url));
});
