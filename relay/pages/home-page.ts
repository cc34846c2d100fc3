import { isLoopbackUrl } from '../../core/loopback';
import { escapeHtml } from './escape-html';
import { pageHead } from './page-head';

const SCRIPTABLE_APP_STORE = 'https://apps.apple.com/app/scriptable/id1405459188';

export interface HomePageInput {
  /** The base of share links and what the extension connects to (PUBLIC_URL or its default). */
  publicUrl: string;
  /** Whether the store answered just now. */
  ready: boolean;
  registration: 'open' | 'closed';
  /** Whether /widget.js can be served (the widget is built). */
  widgetBuilt: boolean;
}

/**
 * `GET /`: what this relay is and how to use it, for whoever opens its address. Nothing about
 * the people on it: it is as public as the address.
 */
export function renderHomePage(input: HomePageInput): string {
  const url = escapeHtml(input.publicUrl);
  const health = input.ready ? 'Running; its store answers.' : 'Running, but its store does not answer right now: reports and share pages fail until it does.';
  const register = input.registration === 'open' ? 'Anyone who can reach it may register (the extension does it for you).' : 'Registration is closed: the operator hands out accounts.';
  const loopback = isLoopbackUrl(input.publicUrl)
    ? `<p class="stale" data-role="loopback" role="note">Its links point at <code>${url}</code>, this computer only: a phone cannot open them. Start the relay with <code>HOST=0.0.0.0</code> (or set <code>PUBLIC_URL</code>) to share with a phone on the same network.</p>`
    : '';
  const widget = input.widgetBuilt
    ? `<a class="button" href="/widget.js" download="Teams Status.js">Download the widget script</a>`
    : 'The widget is not built on this relay yet (<code>npm run build</code>).';
  return `${pageHead('Teams Status relay', 'Unknown')}
</head>
<body data-availability="Unknown">
<div class="page">
  <header class="topbar"><span class="brand">Teams Status</span><span class="live" data-role="health" data-state="${input.ready ? 'live' : 'reconnecting'}">${input.ready ? 'Healthy' : 'Store down'}</span></header>
  <main class="card home">
    <h1>A Teams Status relay</h1>
    <p>This server carries Microsoft Teams statuses from a browser extension to the people they are shared with: a live page and an iPhone widget for each private share link.</p>
    <h2>Health</h2>
    <p data-role="ready">${health} ${register}</p>
    ${loopback}
    <h2>Connect the extension</h2>
    <ol>
      <li>Load the Teams Status extension in Chrome or Edge and open its <strong>Options</strong>.</li>
      <li>Paste <code data-role="relay-url">${url}</code> as the <strong>Relay URL</strong> and connect.</li>
      <li>Open Teams in a tab of the same browser; the popup shows your status and your share link.</li>
    </ol>
    <h2>The iPhone widget</h2>
    <p>Install <a href="${SCRIPTABLE_APP_STORE}" rel="noopener noreferrer">Scriptable</a>, then open a share link on the phone: its page has the steps and a script with the link built in. ${widget}</p>
  </main>
  <footer class="footer">Probes: <a href="/healthz">/healthz</a> · <a href="/readyz">/readyz</a></footer>
</div>
</body>
</html>
`;
}
