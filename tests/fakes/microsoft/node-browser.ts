/**
 * What chrome.identity.launchWebAuthFlow does, in Node, for tests of the sign-in code without a
 * browser: open the authorize URL, click "Sign in" (POST the page's form) when interactive,
 * follow redirects until the chromiumapp.org redirect URI, keep the session cookie. Like the
 * real one it fails with "The user did not approve access." when a page would stay open
 * (an error page the person closes) and "User interaction required." when not interactive.
 */
export function nodeAuthFlow(): { launch(url: string, interactive: boolean): Promise<string>; cookies: Map<string, string> } {
  const cookies = new Map<string, string>();
  const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const remember = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = (pair ?? '').split('=');
      if (k && v !== undefined) cookies.set(k.trim(), v.trim());
    }
  };
  async function launch(url: string, interactive: boolean): Promise<string> {
    let res = await fetch(url, { redirect: 'manual', headers: { cookie: cookieHeader() } });
    for (let hops = 0; hops < 5; hops++) {
      remember(res);
      const location = res.headers.get('location');
      if (res.status === 302 && location) {
        if (/^https:\/\/[a-z]{32}\.chromiumapp\.org\//.test(location)) return location;
        res = await fetch(location, { redirect: 'manual', headers: { cookie: cookieHeader() } });
        continue;
      }
      const html = await res.text();
      if (!interactive) throw new Error('User interaction required.');
      if (res.status !== 200 || !html.includes('<form')) throw new Error('The user did not approve access.');
      const form = new URLSearchParams();
      for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) form.set(m[1]!, m[2]!.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))));
      res = await fetch(url, { method: 'POST', redirect: 'manual', headers: { cookie: cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
    }
    throw new Error('Too many redirects.');
  }
  return { launch, cookies };
}

/** The worker's fetch as Chromium sends it: with the extension's Origin (Entra's SPA rule needs it). */
export function extensionFetch(extensionId: string): typeof fetch {
  return (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('origin', `chrome-extension://${extensionId}`);
    return fetch(input, { ...init, headers });
  };
}
