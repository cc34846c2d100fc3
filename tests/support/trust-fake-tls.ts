import { Agent, setGlobalDispatcher } from 'undici';

const trusted: string[] = [];

/**
 * Make Node's global fetch (which the Graph SDK and our own code use) trust a fake's
 * self-signed certificate, as Chromium's --ignore-certificate-errors does for the browser.
 * Only for test processes: every later fetch in this test file uses these roots (and only these).
 * Fakes share a certificate subject, so use one fake per test file (OpenSSL picks roots by subject).
 */
export function trustFakeCertificate(certPem: string): void {
  trusted.push(certPem);
  setGlobalDispatcher(new Agent({ connect: { ca: [...trusted] } }));
}
