import { readFileSync, readdirSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// House rules from docs/architecture.md, kept as a test so they hold without anyone watching:
// small files named for their job, kebab-case, and no grab-bag modules.
const ROOT = resolve(import.meta.dirname, '..', '..');
const CODE_DIRS = ['core', 'relay', 'extension', 'widget', 'scripts', 'bench'];
const MAX_LINES = 300;

function sourceFiles(dirs: string[]): string[] {
  return dirs.flatMap((dir) =>
    readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && /\.(ts|tsx|js)$/.test(e.name))
      .map((e) => relative(ROOT, join(e.parentPath, e.name))),
  );
}

describe('file rules', () => {
  const code = sourceFiles(CODE_DIRS);

  it('finds the code it checks', () => {
    expect(code).toContain(join('core', 'resolve.ts'));
    expect(code.length).toBeGreaterThan(100);
  });

  it(`keeps every code file at or under ${MAX_LINES} lines`, () => {
    const long = code.map((f) => [f, readFileSync(join(ROOT, f), 'utf8').split('\n').length - 1] as const).filter(([, n]) => n > MAX_LINES);
    expect(long).toEqual([]);
  });

  it('names files in kebab-case, and none of them utils or helpers', () => {
    const files = [...code, ...sourceFiles(['tests']).filter((f) => !f.startsWith(join('tests', 'fixtures')))];
    expect(files.filter((f) => !/^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+)+$/.test(basename(f)))).toEqual([]);
    expect(files.filter((f) => /^(utils?|helpers?)\./.test(basename(f)))).toEqual([]);
  });
});
