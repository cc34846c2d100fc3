import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { shellcheckPath } from '../support/install';

const ROOT = join(import.meta.dirname, '..', '..');
const TEXT = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const dockerfile = DockerfileParser.parse(TEXT);
const instructions = dockerfile.getInstructions();
const froms = dockerfile.getFROMs();
/** The instructions of the last stage: what the image is. */
const runtime = instructions.filter((i) => i.getRange().start.line > froms.at(-1)!.getRange().start.line);
const args = (i: Instruction) => i.getArguments().map((a) => a.getValue());
const of = (keyword: string) => runtime.filter((i) => i.getKeyword() === keyword);

function shellcheck(script: string, name: string): string {
  const run = spawnSync(shellcheckPath(), ['--shell=sh', '--severity=style', '-'], { input: script, encoding: 'utf8' });
  return run.status === 0 ? '' : `${name}:\n${run.stdout}${run.stderr}`;
}

describe('Dockerfile', () => {
  it('has no findings from the Dockerfile linter (which does find a broken one)', () => {
    expect(validate(TEXT)).toEqual([]);
    expect(validate('FROM node:20\nEXPOSE port\nCMD ["node"\n').length).toBeGreaterThan(0);
  });

  it('builds in one stage and runs from a pinned Node 20 slim image in another', () => {
    expect(froms.length).toBeGreaterThanOrEqual(2);
    const initial = new Map(dockerfile.getInitialARGs().map((a) => [a.getProperty()!.getName(), a.getProperty()!.getValue() ?? '']));
    for (const from of froms) {
      const image = (from.getImage() ?? '').replace(/^\$\{(\w+)\}$/, (_, name: string) => initial.get(name) ?? '');
      expect(image).toMatch(/^node:20\.\d+\.\d+-[a-z]+-slim$/);
    }
  });

  it('runs as a numbered non-root user with a data volume, a health check and the bundle as entry point', () => {
    const user = of('USER').at(-1);
    expect(user && args(user)[0]).toMatch(/^[1-9]\d*:[1-9]\d*$/);
    expect(of('VOLUME').flatMap(args).join(' ')).toContain('/data');
    expect(of('ENV').flatMap(args)).toContain('RELAY_DATA_DIR=/data');
    const health = of('HEALTHCHECK');
    expect(health).toHaveLength(1);
    expect(health[0]!.getArgumentsContent()).toContain('/healthz');
    expect(of('ENTRYPOINT')[0]!.getArgumentsContent()).toContain('dist/relay/main.js');
  });

  it('ships the relay bundle, the widget and the extension zip, and no node_modules or npm install', () => {
    const copied = of('COPY').map((c) => args(c).filter((a) => !a.startsWith('--'))[0]);
    expect(copied).toEqual(['/src/dist/relay', '/src/dist/widget/teams-status.js', '/src/dist/teams-status-extension.zip']);
    for (const run of of('RUN')) expect(run.getArgumentsContent()).not.toMatch(/\bnpm\b|node_modules/);
  });

  it('keeps what the build needs in the context and leaves the rest out (.dockerignore)', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const out of ['.git', 'node_modules', 'dist', '.data']) expect(ignored).toContain(out);
    const needed = ['package.json', 'package-lock.json', 'core', 'relay', 'extension', 'widget', 'scripts', 'vite.config.ts', 'manifest.json', 'tsconfig.base.json'];
    for (const path of needed) expect(ignored.filter((p) => p === path || path.startsWith(`${p}/`))).toEqual([]);
  });

  it('has RUN lines that shellcheck accepts', () => {
    const script = ['#!/bin/sh', ...instructions.filter((i) => i.getKeyword() === 'RUN').map((i) => i.getArgumentsContent() ?? '')].join('\n');
    expect(shellcheck(script, 'Dockerfile RUN lines')).toBe('');
    expect(shellcheck('#!/bin/sh\ncd $1\n', 'a control')).toContain('SC2086');
  });
});

describe('shell scripts in the repository', () => {
  it('pass shellcheck', () => {
    const files = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
    const scripts = files.filter((f) => f.endsWith('.sh') || /^#!.*\b(ba)?sh\b/.test(readFileSync(join(ROOT, f), 'utf8').slice(0, 80)));
    expect(scripts).toContain('.ci/run');
    for (const file of scripts) {
      const run = spawnSync(shellcheckPath(), ['--severity=style', file], { cwd: ROOT, encoding: 'utf8' });
      expect(`${run.stdout}${run.stderr}`, file).toBe('');
    }
  });
});
