// The organisation board's only script (/org/board.js, a module under a strict CSP). The admin
// pastes the token once; it stays in this tab's sessionStorage only. Everyone's status arrives
// as the stream's snapshot, then live changes; data reaches the DOM only through textContent.
/* global document, sessionStorage, fetch, WebSocket, location, requestAnimationFrame, setTimeout, Option, FormData */

const KEY = 'teams-status-admin-token';
/** Cards per page: a thousand people stay smooth because only one page is in the DOM. */
const PAGE_SIZE = 120;
const RETRY_MS = [1000, 2000, 5000, 10000, 30000];

const labels = JSON.parse(document.body.dataset.labels ?? '{}');
const el = (role) => document.querySelector(`[data-role="${role}"]`);
const people = new Map();
let page = 0;
let failures = 0;
let socket = null;
let queued = false;

function setLive(state, text) {
  const live = el('live');
  live.dataset.state = state;
  live.textContent = text;
}

function showLogin(message) {
  el('board').hidden = true;
  el('login').hidden = false;
  const error = el('login-error');
  error.hidden = !message;
  error.textContent = message ?? '';
  setLive('off', 'Not connected');
  el('login').querySelector('input').focus();
}

/** Checks the token over HTTP first: a refused WebSocket would not say why. */
async function open(token) {
  let res;
  try {
    res = await fetch('/api/v1/org/statuses?pageSize=1', { headers: { authorization: `Bearer ${token}` } });
  } catch {
    return retryLater(token);
  }
  if (res.status === 401 || res.status === 403) {
    sessionStorage.removeItem(KEY);
    return showLogin('That token was refused. Paste the relay’s admin token (RELAY_ADMIN_TOKEN).');
  }
  if (!res.ok) return retryLater(token);
  el('login').hidden = true;
  el('board').hidden = false;
  connect(token);
  void showRound(token);
}

const percent = (x) => `${Math.round(x * 1000) / 10} %`;

/** The latest meeting roulette round under the board (hidden when there is none). */
async function showRound(token) {
  const res = await fetch('/api/v1/org/roulette/rounds/current', { headers: { authorization: `Bearer ${token}` } }).catch(() => null);
  if (res?.status !== 200) return;
  const round = await res.json();
  const f = round.figures;
  el('roulette-title').textContent = `Meeting roulette, week of ${round.weekOf}`;
  el('roulette-figures').textContent = `${f.placed} of ${f.eligible} people placed in ${round.pairs.length} groups · repeats ${percent(f.repeatRate)} · across departments ${percent(f.crossDepartmentShare)}`;
  const list = el('roulette-groups');
  list.replaceChildren(
    ...round.pairs.map((p) => {
      const item = document.createElement('li');
      const when = p.slot ? new Date(p.slot.start).toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' }) : 'no time yet';
      item.textContent = `${p.people.join(', ')} — ${when} — ${p.state}`;
      return item;
    }),
  );
  el('roulette').hidden = false;
}

function retryLater(token) {
  setLive('reconnecting', 'Reconnecting…');
  setTimeout(() => open(token), RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)]);
}

function connect(token) {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  // Every (re)connection asks for the snapshot, so nothing missed while away stays missing.
  const ws = new WebSocket(`${scheme}://${location.host}/api/v1/org/stream?snapshot=true&access_token=${encodeURIComponent(token)}`);
  socket = ws;
  ws.addEventListener('open', () => {
    failures = 0;
    people.clear();
    setLive('live', 'Live');
  });
  ws.addEventListener('message', (event) => {
    const m = JSON.parse(event.data);
    if (m.type === 'removed') people.delete(m.userId);
    else if (m.type === 'status' || m.type === 'snapshot') {
      const known = people.get(m.userId);
      if (!known || known.seq <= m.status.seq) people.set(m.userId, personOf(m));
    }
    schedule();
  });
  ws.addEventListener('close', () => {
    if (socket !== ws || !sessionStorage.getItem(KEY)) return;
    retryLater(token);
  });
}

function personOf(m) {
  const s = m.status;
  return {
    userId: m.userId,
    name: m.displayName ?? '',
    email: m.email ?? '',
    department: m.department ?? '',
    availability: s.availability,
    label: s.label || labels[s.availability] || s.availability,
    inCall: Boolean(s.call && s.call.inCall),
    stale: Boolean(s.stale),
    seq: s.seq,
  };
}

function schedule() {
  if (queued) return;
  queued = true;
  requestAnimationFrame(() => {
    queued = false;
    render();
  });
}

function visible() {
  const q = el('search').value.trim().toLowerCase();
  const dept = el('department').value;
  return [...people.values()]
    .filter((p) => (!dept || p.department === dept) && (!q || p.name.toLowerCase().includes(q) || p.email.toLowerCase().includes(q)))
    .sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
}

function syncDepartments() {
  const select = el('department');
  const wanted = [...new Set([...people.values()].map((p) => p.department).filter(Boolean))].sort();
  const have = [...select.options].slice(1).map((o) => o.value);
  if (wanted.join('\n') === have.join('\n')) return;
  const chosen = select.value;
  select.length = 1;
  for (const d of wanted) select.add(new Option(d, d));
  select.value = wanted.includes(chosen) ? chosen : '';
}

function node(tag, className, text) {
  const n = document.createElement(tag);
  if (className) n.className = className;
  if (text !== undefined) n.textContent = text;
  return n;
}

function card(p) {
  const li = node('li', 'card');
  li.dataset.availability = p.availability;
  li.dataset.userId = p.userId;
  li.append(node('span', 'dot'));
  const who = node('div', 'who');
  who.append(node('p', 'name', p.name), node('p', 'email', p.email));
  if (p.department) who.append(node('p', 'dept', p.department));
  who.append(node('p', 'label', p.label));
  const tags = node('div', 'tags');
  if (p.inCall) tags.append(node('span', 'tag', 'In a call'));
  if (p.stale) tags.append(node('span', 'tag stale', 'Not updated recently'));
  if (tags.childElementCount) who.append(tags);
  li.append(who);
  return li;
}

function render() {
  syncDepartments();
  const list = visible();
  const pages = Math.max(1, Math.ceil(list.length / PAGE_SIZE));
  page = Math.min(page, pages - 1);
  const counts = new Map();
  for (const p of list) counts.set(p.availability, (counts.get(p.availability) ?? 0) + 1);
  el('counts').replaceChildren(
    ...[...counts].map(([a, n]) => {
      const li = node('li');
      li.dataset.availability = a;
      li.append(node('span', 'dot'), node('span', '', `${labels[a] ?? a}: ${n}`));
      return li;
    }),
  );
  el('summary').textContent = `${list.length} of ${people.size} people`;
  el('grid').replaceChildren(...list.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE).map(card));
  el('pager').hidden = pages < 2;
  el('page').textContent = `Page ${page + 1} of ${pages}`;
  el('prev').disabled = page === 0;
  el('next').disabled = page >= pages - 1;
}

el('login').addEventListener('submit', (event) => {
  event.preventDefault();
  const token = new FormData(event.target).get('token').trim();
  event.target.reset();
  sessionStorage.setItem(KEY, token);
  open(token);
});
el('search').addEventListener('input', () => {
  page = 0;
  schedule();
});
el('department').addEventListener('change', () => {
  page = 0;
  schedule();
});
el('prev').addEventListener('click', () => {
  page--;
  schedule();
});
el('next').addEventListener('click', () => {
  page++;
  schedule();
});
el('forget').addEventListener('click', () => {
  sessionStorage.removeItem(KEY);
  socket?.close();
  people.clear();
  showLogin();
});

const saved = sessionStorage.getItem(KEY);
if (saved) open(saved);
else showLogin();
