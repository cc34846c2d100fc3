// Pure text for the status page, shared by the server (relay/pages/status-page.ts) and the
// browser (served as /assets/status-format.js), so the first paint and every live update say
// exactly the same thing. Plain JS because the browser loads it as is; types: status-format.d.ts.
/* global URL */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** @param {string} name */
export function initials(name) {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = words[0] ?? '';
  const last = words.length > 1 ? (words[words.length - 1] ?? '') : '';
  const letters = [...first].slice(0, 1).concat([...last].slice(0, 1)).join('');
  return (letters || '?').toUpperCase();
}

/** "for 12 min", "for 2 h 5 min", "for 3 days". @param {string} iso @param {number} nowMs */
export function sinceText(iso, nowMs) {
  const ms = Math.max(0, nowMs - Date.parse(iso));
  if (!Number.isFinite(ms)) return '';
  if (ms < MINUTE) return 'for less than a minute';
  if (ms < HOUR) return `for ${Math.floor(ms / MINUTE)} min`;
  if (ms < DAY) {
    const h = Math.floor(ms / HOUR);
    const m = Math.floor((ms % HOUR) / MINUTE);
    return m ? `for ${h} h ${m} min` : `for ${h} h`;
  }
  const days = Math.floor(ms / DAY);
  return `for ${days} ${days === 1 ? 'day' : 'days'}`;
}

/** "just now", "4 min ago", "2 h ago". @param {string} iso @param {number} nowMs */
export function agoText(iso, nowMs) {
  const ms = Math.max(0, nowMs - Date.parse(iso));
  if (!Number.isFinite(ms)) return '';
  if (ms < MINUTE) return 'just now';
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min ago`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h ago`;
  return `${Math.floor(ms / DAY)} d ago`;
}

/**
 * "11:00" on the same day as now, else "Fri 11:00"; 24-hour like core's labels.
 * @param {string} iso @param {number} nowMs @param {string | undefined} timeZone undefined: the viewer's own zone
 */
export function clockTime(iso, nowMs, timeZone) {
  const at = new Date(iso);
  const opts = timeZone ? { timeZone } : {};
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, ...opts }).format(at);
  const day = (/** @type {Date} */ d) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'short', ...opts }).format(d);
  if (day(at) === day(new Date(nowMs))) return time;
  return `${new Intl.DateTimeFormat('en-GB', { weekday: 'short', ...opts }).format(at)} ${time}`;
}

/** Only flags the sensor could see are shown; an absent flag says nothing. */
export function callChips(call) {
  if (!call || !call.inCall) return [];
  const chips = [];
  if (call.muted === true) chips.push('Muted');
  if (call.muted === false) chips.push('Mic on');
  if (call.camera === true) chips.push('Camera on');
  if (call.camera === false) chips.push('Camera off');
  if (call.sharing === true) chips.push('Sharing screen');
  if (call.recording === true) chips.push('Recording');
  if (call.handRaised === true) chips.push('Hand raised');
  return chips;
}

const NEXT_WORDS = {
  busy: 'Next meeting',
  tentative: 'Next (tentative)',
  oof: 'Out of office',
  workingElsewhere: 'Working elsewhere',
  free: 'Next',
};

/** Calendar lines; "Busy until" is left out when the label already says until when. */
export function calendarLines(calendar, label, nowMs, timeZone) {
  if (!calendar) return [];
  const lines = [];
  if (calendar.busyUntil && !/ until /.test(label)) lines.push(`Busy until ${clockTime(calendar.busyUntil, nowMs, timeZone)}`);
  const next = calendar.next;
  if (next) {
    const words = NEXT_WORDS[next.showAs] ?? 'Next';
    lines.push(`${words} ${clockTime(next.start, nowMs, timeZone)}–${clockTime(next.end, nowMs, timeZone)}`);
  }
  return lines;
}

/** Everything the page shows for one public view, as plain strings (never markup). */
export function statusModel(view, nowMs, timeZone) {
  const detailed = view.level === 'detailed';
  return {
    displayName: view.user.displayName,
    initials: initials(view.user.displayName),
    avatarUrl: safeAvatarUrl(view.user.avatarUrl),
    availability: view.availability,
    label: view.label,
    // "Unknown for 3 h" reads like a fact about the person; it is a fact about their sensors.
    since: view.availability === 'Unknown' ? 'Nothing reported recently' : sinceText(view.since, nowMs),
    stale: view.stale === true,
    staleText: view.stale ? 'May be out of date: their devices have not reported recently.' : '',
    updated: `Updated ${agoText(view.updatedAt, nowMs)}`,
    chips: detailed ? callChips(view.call) : [],
    calendar: detailed ? calendarLines(view.calendar, view.label, nowMs, timeZone) : [],
    message: detailed && typeof view.message === 'string' ? view.message : '',
    title: `${view.user.displayName} — ${view.label}`,
  };
}

/** Only an absolute https URL may become an <img src>; anything else (javascript:, data:, http:) is dropped. */
export function safeAvatarUrl(value) {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

const AVAILABILITY_WORDS = {
  Available: 'Available',
  Busy: 'Busy',
  DoNotDisturb: 'Do not disturb',
  BeRightBack: 'Be right back',
  Away: 'Away',
  Offline: 'Offline',
  Unknown: 'Unknown',
};

/**
 * History entries (oldest first) → coloured stretches of the window [nowMs - windowMs, nowMs],
 * each as fractions of the window. Time before the first known entry is left out (unknown).
 */
export function timelineSegments(items, nowMs, windowMs) {
  const start = nowMs - windowMs;
  const segments = [];
  items.forEach((item, i) => {
    const from = Math.max(Date.parse(item.at), start);
    const nextAt = items[i + 1] ? Date.parse(items[i + 1].at) : nowMs;
    const to = Math.min(nextAt, nowMs);
    if (!(to > from)) return;
    const last = segments[segments.length - 1];
    const a = item.availability;
    if (last && last.availability === a && Math.abs(last.end - (from - start) / windowMs) < 1e-9) last.end = (to - start) / windowMs;
    else segments.push({ availability: a, start: (from - start) / windowMs, end: (to - start) / windowMs });
  });
  return segments;
}

/** "Busy 2 h 10 min, Available 35 min": time per availability, most first (the bar's text alternative). */
export function timelineSummary(segments, windowMs) {
  const totals = new Map();
  for (const s of segments) totals.set(s.availability, (totals.get(s.availability) ?? 0) + (s.end - s.start) * windowMs);
  const parts = [...totals]
    .filter(([, ms]) => ms >= MINUTE)
    .sort((a, b) => b[1] - a[1])
    .map(([a, ms]) => `${AVAILABILITY_WORDS[a] ?? a} ${sinceText(new Date(0).toISOString(), ms).replace(/^for /, '')}`);
  return parts.join(', ');
}
