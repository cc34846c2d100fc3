/** Where one share lives on its relay. */
export interface ShareTarget {
  shareId: string;
  /** Base of the relay (PUBLIC_URL), used to place a bare share id. */
  relayBase: string;
  /** The live status page, opened when the widget is tapped. */
  pageUrl: string;
  /** `GET /api/v1/s/{id}`: the public view as JSON. */
  apiUrl: string;
}

export type ShareInput =
  | { kind: 'none' }
  | { kind: 'invalid'; reason: string }
  | { kind: 'ok'; target: ShareTarget };

// Share ids are URL-safe random strings (≥128 bits); the bounds only reject obvious junk.
const SHARE_ID = /^[A-Za-z0-9_-]{8,200}$/;
// JavaScriptCore has no URL class, so links are taken apart by pattern: base, then /s/{id},
// optionally the widget.js path someone copied from the "Add to iPhone" link.
const SHARE_URL = /^(https?:\/\/[^\s/?#@]+(?:\/[^\s?#]*?)?)\/s\/([A-Za-z0-9_-]{8,200})(?:\/widget\.js|\/)?(?:[?#]\S*)?$/i;

function targetFor(base: string, shareId: string): ShareTarget {
  return { shareId, relayBase: base, pageUrl: `${base}/s/${shareId}`, apiUrl: `${base}/api/v1/s/${shareId}` };
}

/** A full share link → its target, or null when the text is not one. */
export function parseShareUrl(text: string): ShareTarget | null {
  const match = SHARE_URL.exec(text.trim());
  if (!match || !match[1] || !match[2]) return null;
  return targetFor(match[1], match[2]);
}

/**
 * The widget parameter wins (a link, or a bare id on the built-in link's relay); otherwise
 * the link built into the script; otherwise nothing, and the widget explains what to do.
 */
export function resolveShareInput(parameter: unknown, builtIn: string | null): ShareInput {
  const text = typeof parameter === 'string' ? parameter.trim() : '';
  const built = builtIn ? parseShareUrl(builtIn) : null;
  if (text) {
    if (SHARE_ID.test(text)) {
      if (built) return { kind: 'ok', target: targetFor(built.relayBase, text) };
      return { kind: 'invalid', reason: 'A bare share id needs the script from your share page. Paste the whole link instead.' };
    }
    const parsed = parseShareUrl(text);
    if (parsed) return { kind: 'ok', target: parsed };
    return { kind: 'invalid', reason: 'The parameter should be a share link like https://relay.example/s/… — copy it from the share page.' };
  }
  if (built) return { kind: 'ok', target: built };
  if (builtIn) return { kind: 'invalid', reason: 'The link built into this script is not a share link. Download the widget again from the share page.' };
  return { kind: 'none' };
}
