import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isLoopbackUrl } from '../../core/loopback';

export interface BannerInput {
  root: string;
  /** Where this computer reaches the relay (the extension's relay URL). */
  url: string;
  /** The base of share links (PUBLIC_URL, or this machine's LAN address with HOST=0.0.0.0). */
  publicUrl: string;
  /** Where the store is, in words ("Redis at host:port", "embedded, in …"). */
  store: string;
  /** False: the store did not answer at start (the relay answers 503 until it does). */
  storeAnswers: boolean;
  /** Colour the warning (a terminal). */
  color?: boolean;
  demoShareUrl?: string;
  simulator?: string;
}

/** What a newcomer needs after `npm start`: where everything is and how to stop. */
export function banner(input: BannerInput): string {
  const { root, url } = input;
  const extDir = join(root, 'dist', 'extension');
  const zip = join(root, 'dist', 'teams-status-extension.zip');
  const missing = (path: string) => (existsSync(path) ? '' : '   (not built yet: see the warnings above)');
  const red = (text: string) => (input.color ? `\x1b[31m${text}\x1b[0m` : text);
  const lines = [
    '',
    input.storeAnswers ? 'Teams Status is running' : red('Teams Status is running, but its store does not answer'),
    '',
    `  Relay       ${url}   (open it: what this relay is and how to connect)`,
    `  Share links ${input.publicUrl}/s/<share id>`,
    isLoopbackUrl(input.publicUrl)
      ? '              this computer only: for a phone on the same Wi-Fi, start with HOST=0.0.0.0 (or set PUBLIC_URL)'
      : '              what phones open (they must reach this address)',
    `  Health      ${url}/healthz   ready: ${url}/readyz`,
    input.storeAnswers ? `  Store       ${input.store}` : red(`  Store       ${input.store} does not answer yet: the relay answers 503 until it does`),
    `  Extension   load unpacked from ${extDir}${missing(join(extDir, 'manifest.json'))}`,
    `              (chrome://extensions → Developer mode → Load unpacked), then Options → relay ${url}`,
    `              store zip: ${zip}${missing(zip)}`,
    `  Widget      ${url}/widget.js   (each share page offers /s/<share id>/widget.js with its link built in)`,
  ];
  if (input.demoShareUrl) lines.push('', `  Demo        Ada Lovelace's live status page: ${input.demoShareUrl}`);
  if (input.simulator) lines.push(`  Teams sim   ${input.simulator}`);
  lines.push('', '  Stop        Ctrl+C', '');
  return lines.join('\n');
}
