import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = join(ROOT, 'dist', 'widget');
/** Where the compiled script lands (the relay serves it from here). */
export const WIDGET_FILE = join(OUT_DIR, 'teams-status.js');
/** Scriptable only accepts a script whose first three lines are exactly these. */
export const SCRIPTABLE_HEADER = [
  '// Variables used by Scriptable.',
  '// These must be at the very top of the file. Do not edit.',
  '// icon-color: deep-green; icon-glyph: user-clock;',
].join('\n');
/** The line the relay swaps for a share link (relay/pages/widget-script.ts). */
export const SHARE_URL_PLACEHOLDER = 'const BUILT_IN_SHARE_URL = null;';
export const MAX_BYTES = 30 * 1024;

/** Bundles widget/src into one Scriptable script; throws if the result breaks a rule. */
export async function buildWidget(): Promise<{ file: string; bytes: number }> {
  mkdirSync(OUT_DIR, { recursive: true });
  // Build beside the target and rename into place, so a reader (the relay, a parallel test)
  // never sees a half-written script.
  const tmp = mkdtempSync(join(OUT_DIR, '.build-'));
  try {
    return await buildInto(tmp);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function buildInto(tmp: string): Promise<{ file: string; bytes: number }> {
  const tmpFile = join(tmp, 'teams-status.js');
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    build: {
      outDir: tmp,
      emptyOutDir: false,
      target: 'es2022',
      // Readable on purpose: people paste this into Scriptable and may want to read it.
      minify: false,
      reportCompressedSize: false,
      lib: { entry: join(ROOT, 'widget', 'src', 'main.ts'), formats: ['es'], fileName: () => 'teams-status.js' },
    },
  });
  const body = readFileSync(tmpFile, 'utf8');
  if (/^\s*(import|export)\b/m.test(body)) throw new Error('widget build: an import/export survived bundling');
  const script = `${SCRIPTABLE_HEADER}\n${SHARE_URL_PLACEHOLDER}\n${body.replace(/^\uFEFF/, '')}`;
  const bytes = Buffer.byteLength(script);
  if (bytes > MAX_BYTES) throw new Error(`widget build: ${bytes} bytes, over the ${MAX_BYTES}-byte budget`);
  writeFileSync(tmpFile, script);
  renameSync(tmpFile, WIDGET_FILE);
  return { file: WIDGET_FILE, bytes };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { file, bytes } = await buildWidget();
  console.log(`widget: ${file.slice(ROOT.length + 1)} (${bytes} bytes)`);
}
