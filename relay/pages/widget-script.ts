import { readFile } from 'node:fs/promises';
import { DEFAULT_LOCATIONS } from '../locations';

const PLACEHOLDER = 'const BUILT_IN_SHARE_URL = null;';

const cached = new Map<string, string>();

async function compiledScript(file: string): Promise<string | null> {
  const known = cached.get(file);
  if (known !== undefined) return known;
  try {
    const text = await readFile(file, 'utf8');
    if (!text.includes(PLACEHOLDER)) throw new Error(`${file} has no share-link placeholder line; rebuild the widget`);
    cached.set(file, text);
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
 * Throws a TypeError when `shareUrl` is not an http(s) URL. `file` is RELAY_WIDGET_FILE.
 */
export async function loadWidgetScript(shareUrl: string | null, file: string = DEFAULT_LOCATIONS.widgetFile): Promise<string | null> {
  if (shareUrl !== null) assertHttpUrl(shareUrl);
  const script = await compiledScript(file);
  if (script === null || shareUrl === null) return script;
  // A function replacement: a `$&` in the URL must not be read as a replacement pattern.
  return script.replace(PLACEHOLDER, () => `const BUILT_IN_SHARE_URL = ${scriptLiteral(shareUrl)};`);
}
