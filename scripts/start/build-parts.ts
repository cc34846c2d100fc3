import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The parts `npm start` builds; each one may fail without stopping the relay from starting. */
const PARTS = [
  { script: 'build:extension', what: 'browser extension' },
  { script: 'build:widget', what: 'iPhone widget' },
] as const;

function run(root: string, script: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', (err) => resolve({ code: null, output: `${output}\n${err.message}` }));
    child.once('close', (code) => resolve({ code, output }));
  });
}

/**
 * Build every part, one after the other (two cores are plenty busy with one vite). Prints one
 * line per part, and the tail of the output when a part fails; returns the parts that failed.
 */
export async function buildParts(root: string, log: (line: string) => void): Promise<string[]> {
  const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
  const failed: string[] = [];
  for (const part of PARTS) {
    if (!scripts[part.script]) {
      log(`⚠ ${part.what}: no "${part.script}" script in package.json, skipped`);
      failed.push(part.what);
      continue;
    }
    log(`… building the ${part.what} (npm run ${part.script})`);
    const { code, output } = await run(root, part.script);
    if (code === 0) {
      log(`✓ ${part.what} built`);
      continue;
    }
    failed.push(part.what);
    const tail = output.trim().split('\n').slice(-15).join('\n');
    log(`⚠ ${part.what}: build failed (exit ${code ?? 'error'}); the relay starts anyway.\n${tail.replace(/^/gm, '    ')}`);
  }
  return failed;
}
