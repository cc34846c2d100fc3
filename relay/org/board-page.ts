import type { ServerResponse } from 'node:http';
import { AVAILABILITIES, availabilityLabel } from '../../core';
import type { Router } from '../http/router';
import { browserScript } from '../pages/browser-bundle';
import { escapeHtml } from '../pages/escape-html';
import { pageHead } from '../pages/page-head';
import { PAGE_SECURITY_HEADERS } from '../pages/status-page';
import { BOARD_CSS } from './board-css';


// The page itself holds no organisation data: the script fetches it with the admin's token.
const LABELS = JSON.stringify(Object.fromEntries(AVAILABILITIES.map((a) => [a, availabilityLabel(a)])));

const HTML = `${pageHead('Organisation board', 'Available', '/org/board.css')}
<script type="module" src="/org/board.js"></script>
</head>
<body data-labels="${escapeHtml(LABELS)}">
<main>
  <header class="bar"><h1>Organisation board</h1><span class="live muted" data-role="live" data-state="off" role="status">Not connected</span></header>
  <form data-role="login" class="bar" hidden>
    <label>Admin token<input name="token" type="password" autocomplete="off" required minlength="32"></label>
    <button type="submit">Open the board</button>
    <p class="muted">Kept only in this tab until it closes.</p>
    <p class="error" data-role="login-error" role="alert" hidden></p>
  </form>
  <section data-role="board" hidden aria-label="Everyone">
    <div class="bar">
      <label>Search by name or email<input type="search" data-role="search" autocomplete="off"></label>
      <label>Department<select data-role="department"><option value="">All departments</option></select></label>
      <button type="button" data-role="forget">Forget the token</button>
    </div>
    <ul class="counts" data-role="counts" aria-label="People per availability"></ul>
    <p class="muted" data-role="summary" aria-live="polite"></p>
    <ul class="grid" data-role="grid"></ul>
    <section data-role="roulette" aria-labelledby="roulette-title" hidden>
      <h2 id="roulette-title" data-role="roulette-title">Meeting roulette</h2>
      <p class="muted" data-role="roulette-figures"></p>
      <details><summary>Groups and times</summary><ul data-role="roulette-groups"></ul></details>
    </section>
    <nav class="pager" data-role="pager" aria-label="Pages" hidden>
      <button type="button" data-role="prev">Previous page</button><span data-role="page"></span><button type="button" data-role="next">Next page</button>
    </nav>
  </section>
</main>
</body>
</html>`;

function send(res: ServerResponse, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(body)), 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache', ...headers });
  res.end(body);
}

/** GET /org and its two files. */
export function boardRoutes(router: Router, assetsDir: string): void {
  // The board's script (board-client.js, bundled like the status page's) runs under the same
  // strict CSP as the status page: scripts and styles from the relay only, no inline anything.
  const boardJs = browserScript(assetsDir, 'board.js');
  router.on('GET', '/org', ({ res }) => send(res, 'text/html; charset=utf-8', HTML, PAGE_SECURITY_HEADERS));
  router.on('GET', '/org/board.js', ({ res }) => send(res, 'text/javascript; charset=utf-8', boardJs()));
  router.on('GET', '/org/board.css', ({ res }) => send(res, 'text/css; charset=utf-8', BOARD_CSS));
}
