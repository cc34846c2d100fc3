import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

// Repo root is two levels up from relay/pages/; `npm run build:widget` writes the script there.
const WIDGET_FILE = fileURLToPath(new URL('../../dist/widget/teams-status.js', import.meta.url));
const PLACEHOLDER = 'const BUILT_IN_SHARE_URL = null;';

let cached: string | null = null;

async function compiledScript(): Promise<string | null> {
  if (cached !== null) return cached;
  try {
    const text = await readFile(WIDGET_FILE, 'utf8');
    if (!text.includes(PLACEHOLDER)) throw new Error(`${WIDGET_FILE} has no share-link placeholder line; rebuild the widget`);
    cached = text;
    return text;
  } catch (e) {
    // Not built yet: the route answers 404/503 and a later build is picked up without a restart.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** A JS string literal safe anywhere: JSON plus the characters HTML and old JS parsers trip on. */
function scriptLiteral(value: string): string {
  return JSON.stringify(value).replace(/[<>\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function assertHttpUrl(shareUrl: string): void {
  let url: URL;
  try {
    url = new URL(shareUrl);
  } catch {
    throw new TypeError('loadWidgetScript: shareUrl is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError('loadWidgetScript: shareUrl must be http(s)');
}

/**
 * The compiled Scriptable widget (`GET /widget.js`), or with `shareUrl` the same script with
 * that link built in (`GET /s/{id}/widget.js`). Null when the widget has not been built.
 * Throws a TypeError when `shareUrl` is not an http(s) URL.
 */
export async function loadWidgetScript(shareUrl: string | null): Promise<string | null> {
  if (shareUrl !== null) assertHttpUrl(shareUrl);
  const script = await compiledScript();
  if (script === null || shareUrl === null) return script;
  // A function replacement: a `$&` in the URL must not be read as a replacement pattern.
  return script.replace(PLACEHOLDER, () => `const BUILT_IN_SHARE_URL = ${scriptLiteral(shareUrl)};`);
}
