import { describe, expect, it } from 'vitest';
import type { PublicView } from '../../core';
import { pageAssets } from '../../relay/pages/assets';
import { PAGE_SECURITY_HEADERS, renderNotFoundPage, renderStatusPage } from '../../relay/pages/status-page';

const PAGE_ASSETS = pageAssets();

const NOW = Date.parse('2026-11-25T10:12:00Z');

function view(over: Partial<PublicView> = {}): PublicView {
  return {
    user: { displayName: 'Ada Lovelace', avatarUrl: null },
    level: 'basic',
    availability: 'Busy',
    activity: 'Busy',
    label: 'Busy',
    since: '2026-11-25T10:00:00Z',
    stale: false,
    updatedAt: '2026-11-25T10:11:00Z',
    seq: 7,
    ...over,
  };
}

const detailed = view({
  level: 'detailed',
  activity: 'InACall',
  label: 'In a call',
  call: { inCall: true, muted: true, camera: false, sharing: true, recording: true, handRaised: true },
  calendar: { busyUntil: '2026-11-25T11:00:00Z', next: { start: '2026-11-25T14:00:00Z', end: '2026-11-25T14:30:00Z', showAs: 'busy' } },
  message: 'Back at 11',
});

const render = (v: PublicView) => renderStatusPage({ view: v, shareId: 'abcDEF_123-xyz', shareUrl: 'https://relay.example/s/abcDEF_123-xyz', nowMs: NOW });

/** Text of the element carrying data-role="role" (the page's hooks for the live script). */
function role(html: string, name: string): string {
  const m = new RegExp(`data-role="${name}"[^>]*>([\\s\\S]*?)</(?:p|ul|h1|span)>`).exec(html);
  if (!m) throw new Error(`no data-role="${name}" in page`);
  return m[1]!.replace(/<[^>]+>/g, '|');
}

describe('status page rendering', () => {
  it('shows name, initials, label and relative since at basic level, and no details', () => {
    const html = render(view());
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(role(html, 'name')).toBe('Ada Lovelace');
    expect(html).toContain('<span data-role="initials" aria-hidden="true">AL</span>');
    expect(role(html, 'label')).toBe('Busy');
    expect(role(html, 'since')).toBe('for 12 min');
    expect(html).toContain('data-availability="Busy"');
    expect(role(html, 'call')).toBe('');
    expect(role(html, 'calendar')).toBe('');
    expect(role(html, 'message')).toBe('');
    expect(html).toMatch(/data-role="details"[^>]* hidden>/);
  });

  it('shows call flags, calendar and message at detailed level', () => {
    const html = render(detailed);
    expect(role(html, 'label')).toBe('In a call');
    expect(role(html, 'call')).toBe('|Muted||Camera off||Sharing screen||Recording||Hand raised|');
    expect(role(html, 'calendar')).toBe('|Busy until 11:00||Next meeting 14:00–14:30|');
    expect(role(html, 'message')).toBe('Back at 11');
    expect(html).not.toMatch(/data-role="details"[^>]* hidden>/);
  });

  it('keeps details out even if a basic view carried them by mistake', () => {
    const html = render({ ...detailed, level: 'basic' });
    expect(html).not.toContain('Back at 11');
    expect(html).not.toContain('Muted');
    expect(html).not.toContain('Next meeting');
  });

  it('escapes every user-supplied string and drops non-https avatars', () => {
    const hostile = '<script>alert(1)</script>"\'><img src=x onerror=alert(2)>';
    const html = render(
      view({
        level: 'detailed',
        user: { displayName: hostile, avatarUrl: 'javascript:alert(3)' },
        label: hostile,
        message: hostile,
      }),
    );
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;&lt;img src=x onerror=alert(2)&gt;');
    for (const bad of ['http://tracker.example/a.png', 'data:image/png;base64,AAAA', 'not a url']) {
      expect(render(view({ user: { displayName: 'A', avatarUrl: bad } }))).not.toContain(bad);
    }
  });

  it('loads nothing from a third party for an avatar: initials, and a CSP that allows images only from the relay', () => {
    // A third-party image would tell its host every viewer's address and when they looked.
    const html = render(view({ user: { displayName: 'Ada Lovelace', avatarUrl: 'https://img.example/a.png?x="><script>' } }));
    expect(html).not.toContain('img.example');
    expect(html).not.toContain('<img');
    expect(html).toContain('data-role="initials"');
    const csp = PAGE_SECURITY_HEADERS['Content-Security-Policy'] ?? '';
    expect(/img-src ([^;]*)/.exec(csp)?.[1]?.split(' ').sort()).toEqual(["'self'", 'data:']);
  });

  it('escapes the share id and url it is given', () => {
    const html = renderStatusPage({ view: view(), shareId: '"><b>x', shareUrl: 'https://r.example/s/"><b>x', nowMs: NOW });
    expect(html).not.toContain('"><b>');
    expect(html).toContain('data-share-id="&quot;&gt;&lt;b&gt;x"');
    expect(html).toContain('href="/s/%22%3E%3Cb%3Ex/widget.js"');
  });

  it('has no inline script or style, only same-origin assets that exist', () => {
    for (const html of [render(detailed), renderNotFoundPage()]) {
      expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
      expect(html).not.toMatch(/\sstyle=/);
      expect(html).not.toMatch(/<style/);
      expect(html).not.toMatch(/\son[a-z]+=/);
      for (const [, path] of html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) expect(PAGE_ASSETS.has(path!)).toBe(true);
    }
  });

  it('marks a stale status visibly', () => {
    expect(render(view())).toMatch(/data-role="stale"[^>]* hidden>/);
    const html = render(view({ stale: true, updatedAt: '2026-11-25T09:58:00Z' }));
    expect(html).not.toMatch(/data-role="stale"[^>]* hidden>/);
    expect(role(html, 'stale')).toBe('May be out of date: their devices have not reported recently.');
    expect(role(html, 'updated')).toBe('Updated 14 min ago');
  });

  it('offers the iPhone widget with a download link for this share', () => {
    const html = render(view());
    expect(html).toMatch(/<details class="help">\s*<summary>Add to iPhone/);
    expect(html).toContain('href="/s/abcDEF_123-xyz/widget.js" download=');
    expect(html).toContain('<code>https://relay.example/s/abcDEF_123-xyz</code>');
  });

  it('puts the status in a polite live region and uses landmarks', () => {
    const html = render(view());
    expect(html).toMatch(/data-role="label" aria-live="polite"/);
    expect(html).toContain('<main');
    expect(html).toContain('<header');
    expect(html).toContain('<footer');
  });

  it('says plainly when a link is unknown or revoked', () => {
    expect(renderNotFoundPage()).toContain('This link was revoked or never existed');
  });
});

describe('status page headers and assets', () => {
  it('sends a strict CSP, no referrer, nosniff and no-store', () => {
    const csp = PAGE_SECURITY_HEADERS['Content-Security-Policy'] ?? '';
    for (const directive of [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "connect-src 'self'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ]) expect(csp).toContain(directive);
    expect(csp).not.toContain('unsafe');
    expect(PAGE_SECURITY_HEADERS['Referrer-Policy']).toBe('no-referrer');
    expect(PAGE_SECURITY_HEADERS['X-Content-Type-Options']).toBe('nosniff');
    expect(PAGE_SECURITY_HEADERS['Cache-Control']).toBe('no-store');
    expect(PAGE_SECURITY_HEADERS['Content-Type']).toBe('text/html; charset=utf-8');
  });

  it('serves the stylesheet built from the shared palette and the scripts as JavaScript', () => {
    const css = PAGE_ASSETS.get('/assets/status-page.css');
    expect(css?.contentType).toMatch(/^text\/css/);
    expect(String(css?.body)).toContain('--status-Available: #107C10;');
    expect(String(css?.body)).toContain('--status-Available: #6CCB5F;');
    expect(String(css?.body)).toContain('prefers-color-scheme: dark');
    for (const path of ['/assets/status-page.js', '/assets/status-format.js', '/assets/status-page-timeline.js']) {
      expect(PAGE_ASSETS.get(path)?.contentType).toMatch(/^text\/javascript/);
    }
    for (const [path, asset] of PAGE_ASSETS) {
      if (path.endsWith('.js')) expect(String(asset.body), path).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
    }
    expect(PAGE_ASSETS.get('/assets/favicon-Busy.svg')?.contentType).toBe('image/svg+xml');
    const urls = [...String(css?.body).matchAll(/url\((\/assets\/[^)]+)\)/g)].map((m) => m[1]!);
    expect(urls).toContain('/assets/icon-DoNotDisturb.svg');
    for (const url of urls) expect(PAGE_ASSETS.get(url)?.contentType).toBe('image/svg+xml');
  });
});
