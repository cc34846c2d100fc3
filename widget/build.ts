import { readFileSync, writeFileSync } from 'node:fs';
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
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    build: {
      outDir: OUT_DIR,
      emptyOutDir: true,
      target: 'es2022',
      // Readable on purpose: people paste this into Scriptable and may want to read it.
      minify: false,
      reportCompressedSize: false,
      lib: { entry: join(ROOT, 'widget', 'src', 'main.ts'), formats: ['es'], fileName: () => 'teams-status.js' },
    },
  });
  const body = readFileSync(WIDGET_FILE, 'utf8');
  if (/^\s*(import|export)\b/m.test(body)) throw new Error('widget build: an import/export survived bundling');
  const script = `${SCRIPTABLE_HEADER}\n${SHARE_URL_PLACEHOLDER}\n${body.replace(/^\uFEFF/, '')}`;
  const bytes = Buffer.byteLength(script);
  if (bytes > MAX_BYTES) throw new Error(`widget build: ${bytes} bytes, over the ${MAX_BYTES}-byte budget`);
  writeFileSync(WIDGET_FILE, script);
  return { file: WIDGET_FILE, bytes };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { file, bytes } = await buildWidget();
  console.log(`widget: ${file.slice(ROOT.length + 1)} (${bytes} bytes)`);
}
