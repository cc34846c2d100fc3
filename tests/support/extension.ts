import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { launchChromium } from './chromium';

const ROOT = resolve(import.meta.dirname, '..', '..');
/** Where `npm run build:extension` writes the unpacked extension. */
export const EXTENSION_DIR = join(ROOT, 'dist', 'extension');
const SOURCES = ['extension', 'core', '_locales', 'manifest.json', 'vite.config.ts'];
const LOCK = join(ROOT, 'dist', '.extension-build-lock');

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

function isStale(): boolean {
  const built = join(EXTENSION_DIR, 'manifest.json');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return SOURCES.some((s) => existsSync(join(ROOT, s)) && newestMtime(join(ROOT, s)) > builtAt);
}

/**
 * Build the extension into dist/extension once per run, only when a source is newer than the
 * build. A lock directory keeps parallel test files from building over each other.
 */
export async function ensureExtensionBuilt(): Promise<string> {
  if (!isStale()) return EXTENSION_DIR;
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Another file is building; a lock older than two minutes was left by a crash.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 120_000) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('timed out waiting for another extension build');
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (isStale()) {
      const { build } = await import('vite');
      await build({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
    }
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
  return EXTENSION_DIR;
}

/** The one chrome.* call pages make here (the tests project has no chrome types). */
type ChromeGlobal = { chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } } };

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  /** The current service worker (a new one after the browser restarted it). */
  worker(): Promise<Worker>;
  /** An extension page (popup or options) by its path inside the extension. */
  openPage(path: string): Promise<Page>;
  /**
   * Send one message of the contract from an extension page, as the popup or options would.
   * The page is created on first use and kept.
   */
  message<T = { ok: boolean; error?: string }>(type: string, payload: unknown): Promise<T>;
  /** Stop the extension's service worker through the DevTools protocol, as Chrome does when idle; resolves once it is stopped. */
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

/** Launch real Chromium with the built extension loaded (and any extra flags). */
export async function launchWithExtension(opts: { args?: string[] } = {}): Promise<ExtensionBrowser> {
  const extensionDir = await ensureExtensionBuilt();
  const { context, close } = await launchChromium({ extensionDir, args: opts.args });
  const first = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(first.url()).host;
  let messenger: Page | null = null;

  const openPage = async (path: string) => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/${path}`);
    return page;
  };

  return {
    context,
    extensionId,
    async worker() {
      const live = context.serviceWorkers().filter((w) => w.url().startsWith(`chrome-extension://${extensionId}/`));
      return live.at(-1) ?? (await context.waitForEvent('serviceworker'));
    },
    openPage,
    async message<T>(type: string, payload: unknown): Promise<T> {
      // Chrome closes extension pages when the extension reloads: open a fresh one then.
      if (!messenger || messenger.isClosed()) messenger = await openPage('extension/options/index.html');
      return (await messenger.evaluate(([t, p]) => (globalThis as unknown as ChromeGlobal).chrome.runtime.sendMessage({ type: t, payload: p }), [type, payload] as const)) as T;
    },
    async stopWorker() {
      if (!messenger || messenger.isClosed()) messenger = await openPage('extension/options/index.html');
      const page = messenger;
      const cdp = await context.newCDPSession(page);
      let stopped!: () => void;
      const isStopped = new Promise<void>((ok) => (stopped = ok));
      cdp.on('ServiceWorker.workerVersionUpdated', (event) => {
        const ours = event.versions.filter((v) => v.scriptURL.startsWith(`chrome-extension://${extensionId}/`));
        if (ours.length > 0 && ours.every((v) => v.runningStatus === 'stopped')) stopped();
      });
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      // Playwright keeps the Worker object of a stopped worker; the DevTools protocol says when it is gone.
      await Promise.race([isStopped, new Promise((_, fail) => setTimeout(() => fail(new Error('the service worker did not stop')), 10_000))]);
      await cdp.detach();
    },
    close,
  };
}
