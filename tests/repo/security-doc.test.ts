import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const page = readFileSync(join(ROOT, 'docs', 'security.md'), 'utf8');
const TEST_PATH = /`(tests\/[\w./-]+\.test\.tsx?)`/g;

/** docs/security.md is a list of promises, each kept by a test it names. */
describe('docs/security.md', () => {
  it('names only test files that exist', () => {
    const named = [...page.matchAll(TEST_PATH)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((p) => !existsSync(join(ROOT, p)))).toEqual([]);
  });

  it('backs every section with at least one test', () => {
    const sections = page.split(/^## /m).slice(1);
    expect(sections.length).toBeGreaterThan(5);
    for (const section of sections) expect(section.match(TEST_PATH), `section "${section.split('\n')[0]}"`).not.toBeNull();
  });

  it('quotes test names that exist in the files it names', () => {
    // ("a title…") after a file name is the start of a test title in that file.
    for (const m of page.matchAll(/`(tests\/[\w./-]+\.test\.tsx?)`\s*\(("[^)]*)\)/g)) {
      const source = readFileSync(join(ROOT, m[1]!), 'utf8').replace(/\s+/g, ' ');
      for (const quoted of m[2]!.matchAll(/"([^"]+?)(?:…)?"/g)) expect(source, `${m[1]} should have a test "${quoted[1]}"`).toContain(quoted[1]!.replace(/\s+/g, ' '));
    }
  });
});
