// Lint zones keep the runtimes apart (docs/architecture.md): core imports nothing of ours,
// relay and widget never import the extension, UIs never import the worker, and `chrome`
// is only touched inside extension/platform and the composition roots.
import js from '@eslint/js';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const zone = (target, from, message) => ({ target, from, message });

export default tseslint.config(
  { ignores: ['dist/**', '.tsbuild/**', 'node_modules/**', 'test-artifacts/**', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    languageOptions: { globals: { ...globals.es2022 } },
    // The zones below only see imports the resolver can follow; the default one knows no .ts/.tsx,
    // which left every zone silently unenforced.
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json', '.d.ts'] })] },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'it', property: 'only', message: 'CI runs every test.' },
        { object: 'it', property: 'skip', message: 'CI runs every test.' },
        { object: 'describe', property: 'only', message: 'CI runs every test.' },
        { object: 'describe', property: 'skip', message: 'CI runs every test.' },
        { object: 'test', property: 'only', message: 'CI runs every test.' },
        { object: 'test', property: 'skip', message: 'CI runs every test.' },
      ],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            zone('./core', ['./relay', './extension', './widget', './tests', './bench', './scripts'], 'core is pure and imports nothing of ours.'),
            zone('./relay', ['./extension', './widget/src', './tests'], 'the relay never imports the extension, the widget source or tests.'),
            zone('./widget/src', ['./extension', './relay', './tests'], 'the widget stands alone (plus core).'),
            zone('./relay/notify', ['./relay/roulette'], "notify delivers other modules' events with the content relay/start.ts hands it; it never imports them."),
            zone('./extension', ['./relay', './widget', './tests'], 'the extension talks to the relay over HTTP only.'),
            zone(['./extension/popup', './extension/options', './extension/ui'], ['./extension/background'], 'UIs talk to the worker through the message contract.'),
          ],
        },
      ],
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(node:|fs$|http$|path$|ioredis|preact|webextension-polyfill|idb)', message: 'core has no I/O.' }] }],
      'no-restricted-globals': ['error', 'fetch', 'window', 'document', 'chrome', 'browser', 'process', 'setTimeout', 'setInterval'],
    },
  },
  {
    files: ['extension/**/*.{ts,tsx}'],
    ignores: ['extension/platform/**', 'extension/background/main.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'chrome', message: 'Use extension/platform: chrome.* lives there only.' },
        { name: 'browser', message: 'Use extension/platform: browser.* lives there only.' },
      ],
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(webextension-polyfill|idb)(/|$)', message: 'Only extension/platform imports the browser API and idb.' }] }],
    },
  },
  {
    files: ['relay/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'tests/**/*.{ts,tsx}', 'widget/build.ts', '*.config.{ts,js}'],
    languageOptions: { globals: { ...globals.node } },
  },
);
