/**
 * The share link built into the script when it is downloaded from a share page. The build
 * emits `const BUILT_IN_SHARE_URL = null;` as the first line after the Scriptable header, and
 * the relay replaces that exact line with the page's link (relay/pages/widget-script.ts).
 */
declare const BUILT_IN_SHARE_URL: string | null;
