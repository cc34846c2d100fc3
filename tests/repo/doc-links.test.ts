import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// Docs move and get renamed; a link that no longer resolves sends a newcomer nowhere. Every
// relative link and image in the root Markdown files and docs/ must name an existing file, and
// a #fragment must name a heading of the file it points into.
const ROOT = resolve(import.meta.dirname, '..', '..');

/** The Markdown files whose links are checked: README.md and the other root pages, and docs/. */
function markdownFiles(root: string): string[] {
  const rootPages = readdirSync(root).filter((f) => f.endsWith('.md'));
  const docs = existsSync(join(root, 'docs'))
    ? readdirSync(join(root, 'docs'), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && e.name.endsWith('.md'))
        .map((e) => relative(root, join(e.parentPath, e.name)))
    : [];
  return [...rootPages, ...docs].sort();
}

/** The text outside fenced code blocks, where `[x](y)` is not a link nor `# x` a heading. */
function withoutFences(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, text] of withoutFences(markdown).matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const plain = text!.replace(/`([^`]*)`/g, '$1').replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[*~]/g, '');
    const slug = plain.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

/** Every relative link target in a file: inline links and images, and reference definitions. */
function linkTargets(markdown: string): string[] {
  const prose = withoutFences(markdown).replace(/`[^`\n]*`/g, '');
  const inline = [...prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
  const references = [...prose.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)].map((m) => m[1]!);
  return [...inline, ...references].filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t));
}

/** Broken links under `root`, as "file: target (reason)". */
function brokenLinks(root: string): string[] {
  const broken: string[] = [];
  for (const file of markdownFiles(root)) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const target of linkTargets(text)) {
      const [pathPart, fragment] = target.split('#', 2) as [string, string | undefined];
      const path = pathPart === '' ? join(root, file) : resolve(root, dirname(file), decodeURIComponent(pathPart));
      if (!existsSync(path)) {
        broken.push(`${file}: ${target} (no such file)`);
        continue;
      }
      if (fragment && path.endsWith('.md') && statSync(path).isFile() && !anchorsOf(readFileSync(path, 'utf8')).has(fragment.toLowerCase())) {
        broken.push(`${file}: ${target} (no heading #${fragment})`);
      }
    }
  }
  return broken;
}

describe('links in the docs', () => {
  const temp = mkdtempSync(join(tmpdir(), 'ts-doc-links-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('checks the README and every page in docs/', () => {
    const files = markdownFiles(ROOT);
    expect(files).toContain('README.md');
    expect(files).toContain(join('docs', 'architecture.md'));
    expect(files.reduce((n, f) => n + linkTargets(readFileSync(join(ROOT, f), 'utf8')).length, 0)).toBeGreaterThan(20);
  });

  it('keeps the README short enough for a newcomer to read (the rest lives in docs/)', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').length).toBeLessThanOrEqual(250);
  });

  it('every relative link and image resolves, and every #anchor names a heading', () => {
    expect(brokenLinks(ROOT)).toEqual([]);
  });

  it('reports a missing file, a missing image and a missing heading, and nothing in code', () => {
    mkdirSync(join(temp, 'docs', 'images'), { recursive: true });
    writeFileSync(join(temp, 'docs', 'images', 'here.png'), '');
    writeFileSync(
      join(temp, 'docs', 'guide.md'),
      '# A guide\n\n## Set it up: `npm start` — now\n\n## Set it up: `npm start` — now\n\nBack to [the top](#a-guide).\n',
    );
    writeFileSync(
      join(temp, 'README.md'),
      [
        '# Readme',
        '![picture](docs/images/here.png) ![gone](docs/images/gone.png)',
        '[guide](docs/guide.md#set-it-up-npm-start--now) [second](docs/guide.md#set-it-up-npm-start--now-1)',
        '[nowhere](docs/missing.md) [no such heading](docs/guide.md#deploy) [here](#readme) [not here](#nope)',
        '[outside](https://example.com/x.md) `[in code](docs/nope.md)`',
        '```',
        '[in a fence](docs/nope-either.md)',
        '```',
        '[ref]: docs/also-missing.md',
      ].join('\n'),
    );
    expect(brokenLinks(temp)).toEqual([
      'README.md: docs/images/gone.png (no such file)',
      'README.md: docs/missing.md (no such file)',
      'README.md: docs/guide.md#deploy (no heading #deploy)',
      'README.md: #nope (no heading #nope)',
      'README.md: docs/also-missing.md (no such file)',
    ]);
  });
});
