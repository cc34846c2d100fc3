/**
 * Whether a link points at this computer only (127.0.0.0/8, ::1, localhost, 0.0.0.0): fine in
 * this browser, unreachable from a phone. The share page and the options page warn about such
 * links. (core has no URL class: the host is read by its place in scheme://host:port/….)
 */
export function isLoopbackUrl(link: string): boolean {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(link.trim());
  if (!m?.[1]) return false;
  const host = m[1].toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || host === '0.0.0.0' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
