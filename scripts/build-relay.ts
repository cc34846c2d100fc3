// `npm run build:relay`: the relay as plain JavaScript for `node` (and the container image).
// One ES module bundle with its npm dependencies inside, so the image needs no node_modules and
// carries none of the extension's; the page files it reads at start are copied beside it.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BROWSER_SCRIPTS, bundleBrowserScript, type BrowserScript } from '../relay/pages/browser-bundle';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const RELAY_OUT_DIR = join(ROOT, 'dist', 'relay');

/**
 * Packages of the extension and widget only: a relay bundle that pulls one in is a wrong import.
 * (The Graph SDK is shared: the relay's app-only Graph, relay/graph, uses it too.)
 */
const FORBIDDEN = ['preact', 'idb', 'qrcode', 'webextension-polyfill'];

/** Optional native speed-ups that packages (ws) try to require and do without. */
const OPTIONAL_NATIVE = ['bufferutil', 'utf-8-validate'];

export interface RelayBuild {
  outDir: string;
  bytes: number;
  /** npm packages inside the bundle. */
  packages: string[];
}

function packageOf(input: string): string | null {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return m?.[1] ?? null;
}

/** Build into a fresh folder beside the target, then swap it in: a running reader never sees half. */
export async function buildRelay(outDir: string = RELAY_OUT_DIR): Promise<RelayBuild> {
  const tmp = `${outDir}.build-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(join(tmp, 'assets'), { recursive: true });
  const result = await build({
    entryPoints: [join(ROOT, 'relay', 'main.ts')],
    outfile: join(tmp, 'main.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
    external: [...OPTIONAL_NATIVE, 'esbuild'],
    define: { RELAY_BUNDLE: 'true' },
    // CommonJS packages inside an ES module bundle still call require() for Node's built-ins.
    banner: { js: "import { createRequire as relayRequire } from 'node:module';\nconst require = relayRequire(import.meta.url);" },
  });
  const packages = [...new Set(Object.keys(result.metafile.inputs).map(packageOf).filter((p): p is string => p !== null))].sort();
  const wrong = packages.filter((p) => FORBIDDEN.includes(p));
  if (wrong.length > 0) throw new Error(`the relay bundle pulled in ${wrong.join(', ')}: a relay module imports extension or widget code`);
  // The page scripts are built here once, so the running bundle never needs esbuild.
  for (const name of Object.keys(BROWSER_SCRIPTS) as BrowserScript[]) writeFileSync(join(tmp, 'assets', name), bundleBrowserScript(name));
  // The bundle is an ES module wherever it is copied to, whatever package.json sits above it.
  writeFileSync(join(tmp, 'package.json'), `${JSON.stringify({ type: 'module', private: true }, null, 2)}\n`);
  rmSync(outDir, { recursive: true, force: true });
  renameSync(tmp, outDir);
  const bytes = result.metafile.outputs[relative(ROOT, join(tmp, 'main.js'))]?.bytes ?? 0;
  return { outDir, bytes, packages };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const built = await buildRelay();
  console.log(`relay built: ${relative(ROOT, built.outDir)}/main.js (${(built.bytes / 1024).toFixed(0)} KB; bundles ${built.packages.join(', ') || 'no packages'})`);
}
