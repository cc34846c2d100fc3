import { escapeHtml } from './escape-html';

/**
 * The opening of every relay page up to its stylesheet: same viewport, colour schemes, no
 * Referer (share ids live in URLs) and no indexing. The caller adds its scripts and closes <head>.
 */
export function pageHead(title: string, favicon: string, stylesheet = '/assets/status-page.css'): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title>
<link rel="icon" type="image/svg+xml" href="/assets/favicon-${escapeHtml(favicon)}.svg">
<link rel="stylesheet" href="${escapeHtml(stylesheet)}">`;
}
