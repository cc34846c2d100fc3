import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The runtime boundaries live in eslint.config.js. A zone whose imports the resolver cannot
// follow passes everything without a word, so each rule is shown catching one real crossing.
const ROOT = resolve(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: ROOT });

/** Rule ids ESLint reports for `source` as if it were the (not existing) file `file`. */
async function rulesHit(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: resolve(ROOT, file) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('lint zones', () => {
  it.each([
    ['core importing the relay', 'core/zone-probe.ts', "import { loadConfig } from '../relay/config';\nexport const x = loadConfig;\n", 'import-x/no-restricted-paths'],
    ['core doing I/O', 'core/zone-probe.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", 'no-restricted-imports'],
    ['the relay importing the extension', 'relay/zone-probe.ts', "import type { Settings } from '../extension/shared/messages';\nexport type X = Settings;\n", 'import-x/no-restricted-paths'],
    ['notify importing meeting roulette', 'relay/notify/zone-probe.ts', "import { rescheduleContent } from '../roulette/reschedule-notice';\nexport const x = rescheduleContent;\n", 'import-x/no-restricted-paths'],
    ['the widget importing the extension', 'widget/src/zone-probe.ts', "import type { Settings } from '../../extension/shared/messages';\nexport type X = Settings;\n", 'import-x/no-restricted-paths'],
    ['the popup importing the worker', 'extension/popup/zone-probe.ts', "import { createHandlers } from '../background/handlers';\nexport const x = createHandlers;\n", 'import-x/no-restricted-paths'],
    ['chrome.* outside extension/platform', 'extension/sources/zone-probe.ts', 'export const x = chrome.runtime;\n', 'no-restricted-globals'],
    ['browser.* outside extension/platform', 'extension/sources/zone-probe.ts', 'export const x = browser.runtime;\n', 'no-restricted-globals'],
    ['idb outside extension/platform', 'extension/sync/zone-probe.ts', "import { openDB } from 'idb';\nexport const x = openDB;\n", 'no-restricted-imports'],
  ])('refuses %s', async (_what, file, source, rule) => {
    expect(await rulesHit(file, source)).toContain(rule);
  });

  it('lets extension/platform and the worker composition root touch chrome.* and idb', async () => {
    const source = "import { openDB } from 'idb';\nexport const x = [openDB, chrome.runtime];\n";
    expect(await rulesHit('extension/platform/zone-probe.ts', source)).toEqual([]);
    expect(await rulesHit('extension/background/main.ts', source)).toEqual([]);
  });
});
