import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadWidgetScript } from '../../relay/pages/widget-script';
import { runScriptable } from '../fakes/scriptable/run';
import { texts } from './tree-query';
import { answer, API_URL, builtWidget, NOW, ROOT, SHARE_URL, VIEWS } from './widget-fixtures';

const HEADER = ['// Variables used by Scriptable.', '// These must be at the very top of the file. Do not edit.'];
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (body: string) => () => Promise<unknown>;

let source = '';
beforeAll(async () => {
  source = await builtWidget();
});

/** The value the built-in link line assigns, evaluated on its own. */
function builtInUrl(script: string): unknown {
  const line = script.split('\n')[3] ?? '';
  expect(line.startsWith('const BUILT_IN_SHARE_URL = ')).toBe(true);
  return new Function(`${line}\nreturn BUILT_IN_SHARE_URL;`)();
}

describe('the built script', () => {
  it('starts at byte 0 with the three Scriptable header lines', () => {
    const lines = source.split('\n');
    expect(source.charCodeAt(0)).toBe('/'.charCodeAt(0));
    expect(lines.slice(0, 2)).toEqual(HEADER);
    expect(lines[2]).toMatch(/^\/\/ icon-color: [a-z-]+; icon-glyph: [a-z-]+;$/);
    expect(lines[3]).toBe('const BUILT_IN_SHARE_URL = null;');
    expect(source.split('const BUILT_IN_SHARE_URL = null;')).toHaveLength(2);
  });

  it('has no import or export left and compiles as an async function body', () => {
    expect(source).not.toMatch(/^\s*(import|export)\b/m);
    expect(source).not.toMatch(/\bimport\s*\(/);
    expect(() => new AsyncFunction(source)).not.toThrow();
  });

  it('stays within 30 KB', () => {
    expect(Buffer.byteLength(source)).toBeLessThanOrEqual(30 * 1024);
  });

  it('type-checks as JavaScript against @types/scriptable-ios alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'widget-check-'));
    try {
      // Wrapped like Scriptable runs it: the body of an async function.
      const file = join(dir, 'teams-status.js');
      writeFileSync(file, `(async () => {\n${source}\n})();\n`);
      const program = ts.createProgram([file], {
        allowJs: true,
        checkJs: true,
        strict: false,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        lib: ['lib.es2022.d.ts'],
        types: ['scriptable-ios'],
        typeRoots: [join(ROOT, 'node_modules', '@types')],
      });
      const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      expect(diagnostics).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('loadWidgetScript', () => {
  it('without a link returns the built script unchanged', async () => {
    expect(await loadWidgetScript(null)).toBe(source);
  });

  it('builds a share link in, and the widget then reads that share with no parameter', async () => {
    const script = await loadWidgetScript(SHARE_URL);
    expect(script).not.toBeNull();
    expect(builtInUrl(script ?? '')).toBe(SHARE_URL);
    const r = await runScriptable(script ?? '', { family: 'small', parameter: '', now: NOW, handler: answer(VIEWS.available), files: new Map() });
    expect(r.requests.map((q) => q.url)).toEqual([API_URL]);
    expect(r.widget?.url).toBe(SHARE_URL);
    expect(texts(r.widget!)).toContain('Available');
  });

  it('encodes a hostile link safely: still a valid script, and the built-in link equals the input', async () => {
    const hostile = `https://relay.example.org/s/abc"';</script><script>alert(1)</script>\u2028x\u2029y$&$'$\`\\n`;
    const script = await loadWidgetScript(hostile);
    expect(script).not.toBeNull();
    const text = script ?? '';
    expect(text).not.toContain('</script>');
    expect(text).not.toMatch(/[\u2028\u2029]/);
    expect(() => new AsyncFunction(text)).not.toThrow();
    expect(builtInUrl(text)).toBe(hostile);
    expect(text.slice(text.indexOf('\n', text.indexOf('BUILT_IN_SHARE_URL =')))).toBe(source.slice(source.indexOf('\n', source.indexOf('BUILT_IN_SHARE_URL ='))));
    // The widget treats it as what it is: not a share link.
    const r = await runScriptable(text, { family: 'small', parameter: null, now: NOW, handler: answer(VIEWS.available), files: new Map() });
    expect(r.requests).toEqual([]);
    expect(texts(r.widget!)).toContain('Not a share link');
  });

  it('refuses links that are not http(s)', async () => {
    await expect(loadWidgetScript('javascript:alert(1)')).rejects.toThrow(/http\(s\)/);
    await expect(loadWidgetScript('not a url')).rejects.toThrow(/not a URL/);
  });
});
