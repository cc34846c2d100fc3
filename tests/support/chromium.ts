import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { chromiumPath } from './install';

/** Flags that keep Chromium off the (closed) network and quiet in CI. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface LaunchOptions {
  /** Absolute path of an unpacked extension to load. */
  extensionDir?: string;
  args?: string[];
  colorScheme?: 'light' | 'dark';
}

/** A real headless Chromium (Debian's) with a throwaway profile; `close()` removes it. */
export async function launchChromium(opts: LaunchOptions = {}): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'ts-chromium-'));
  const args = [...CHROMIUM_FLAGS, ...(opts.args ?? [])];
  if (opts.extensionDir) args.push(`--disable-extensions-except=${opts.extensionDir}`, `--load-extension=${opts.extensionDir}`);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args,
    colorScheme: opts.colorScheme ?? 'light',
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
