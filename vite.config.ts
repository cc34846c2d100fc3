import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { zipSync, type Zippable } from 'fflate';
import { defineConfig, type Plugin } from 'vite';
import manifest from './manifest.json' with { type: 'json' };

const OUT_DIR = resolve(import.meta.dirname, 'dist/extension');
const ZIP_PATH = resolve(import.meta.dirname, 'dist/teams-status-extension.zip');

function collect(root: string, dir = root, into: Zippable = {}): Zippable {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(root, path, into);
    else into[relative(root, path).split('\\').join('/')] = readFileSync(path);
  }
  return into;
}

/**
 * After the unpacked build is written, pack the same files into the store-ready zip. Builds
 * into another folder (tests building a private copy) leave the store zip alone.
 */
function storeZip(): Plugin {
  let outDir = OUT_DIR;
  return {
    name: 'teams-status:store-zip',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      if (outDir !== OUT_DIR) return;
      writeFileSync(ZIP_PATH, zipSync(collect(OUT_DIR), { level: 6 }));
    },
  };
}

export default defineConfig({
  plugins: [preact(), crx({ manifest, contentScripts: { standaloneFiles: ['extension/sources/teams-web/content.ts'] } }), storeZip()],
  build: {
    // dist/widget belongs to the widget's own build: only ever empty our own folder.
    outDir: OUT_DIR,
    emptyOutDir: true,
    target: 'chrome116',
    sourcemap: false,
  },
  // The dev server talks to the extension over a fixed port (crxjs HMR).
  server: { port: 5173, strictPort: true, hmr: { port: 5173 } },
});
