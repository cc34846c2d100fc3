import { Agent, setGlobalDispatcher } from 'undici';

/**
 * Make Node's global fetch (which the Graph SDK and our own code use) trust a fake's
 * self-signed certificate, as Chromium's --ignore-certificate-errors does for the browser.
 * Only for test processes: every later fetch in this file's worker uses that root.
 */
export function trustFakeCertificate(certPem: string): void {
  setGlobalDispatcher(new Agent({ connect: { ca: certPem } }));
}
