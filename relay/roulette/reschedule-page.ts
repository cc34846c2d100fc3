import { PAGE_SECURITY_HEADERS } from '../pages/status-page';
import { escapeHtml } from '../pages/escape-html';
import { readText } from '../http/body';
import type { Router } from '../http/router';
import type { RescheduleOffer } from './roulette-data';
import type { Roulette } from './rounds';

/** The page's own forms post back to it; nothing else is allowed (no scripts, no styles). */
const HEADERS = { ...PAGE_SECURITY_HEADERS, 'Content-Security-Policy': "default-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'" };

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><title>${escapeHtml(title)}</title></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

const when = (iso: string, zone: string) => new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(new Date(iso));

function offerPage(offer: RescheduleOffer, zone: string): string {
  const options = offer.slots.map((s, i) => `<li><form method="post"><input type="hidden" name="choice" value="${i}"><button type="submit">${escapeHtml(when(s.start, zone))}</button></form></li>`).join('');
  return page(
    'Pick another time',
    `<p>${escapeHtml(offer.by)} cannot make your meeting roulette chat and suggests these times instead. Each is free in both your calendars.</p>
<ul>${options}</ul>
<form method="post"><input type="hidden" name="choice" value="decline"><button type="submit">None of these work: skip this week</button></form>
<p>This link works once.</p>`,
  );
}

const GONE = page('This link has been used', '<p>This link was already used, has expired, or never existed. Ask for another time again if you still need one.</p>');

/** GET /r/{code} shows the offered times (link previews may fetch it: it changes nothing); POST answers once. */
export function reschedulePageRoutes(router: Router, roulette: Roulette): void {
  router.on('GET', '/r/:code', async ({ res, params }) => {
    const offer = await roulette.offer(params.code ?? '');
    const zone = offer ? (await roulette.data.round(offer.roundId))?.timeZone ?? 'UTC' : 'UTC';
    res.writeHead(offer ? 200 : 404, HEADERS);
    res.end(offer ? offerPage(offer, zone) : GONE);
  });

  router.on('POST', '/r/:code', async ({ req, res, params }) => {
    const raw = new URLSearchParams(await readText(req, 1024)).get('choice') ?? '';
    const choice = raw === 'decline' ? 'decline' : /^\d$/.test(raw) ? Number(raw) : null;
    if (choice === null) {
      res.writeHead(400, HEADERS);
      return void res.end(page('Pick one of the times', '<p>The form did not say which time you chose. Go back and press one of the buttons.</p>'));
    }
    const done = await roulette.answer(params.code ?? '', choice);
    res.writeHead(done ? 200 : 404, HEADERS);
    if (!done) return void res.end(GONE);
    const zone = done.round.timeZone;
    res.end(
      done.group.state === 'declined'
        ? page('Skipped for this week', '<p>Thanks for saying so. You will be paired again in the next round.</p>')
        : page('Moved', `<p>Your chat is now on ${escapeHtml(when(done.group.slot!.start, zone))}. ${done.group.eventId ? 'The calendar invitation has moved for everyone.' : `<a href="${escapeHtml(done.group.link ?? '')}">Create the Teams meeting</a> at the new time.`}</p>`),
    );
  });
}
