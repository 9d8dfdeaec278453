import { builtinModules } from 'node:module';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/**
 * The layering of ARCHITECTURE.md, enforced: each runtime boundary names what it may not import.
 * `npm test` runs lint, so a violation fails CI.
 */
const layer = (files, { paths = [], patterns = [] }, why) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: paths.map((name) => ({ name, message: why })),
        patterns: patterns.map((group) => ({ group: [group], message: why })),
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'electron/types/**', 'test-results/**', 'playwright-report/**', '.faultline-tmp/**'] },
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-empty-object-type': 'off',
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  layer(
    ['renderer/src/**/*.{ts,tsx}'],
    { paths: [...nodeBuiltins, 'electron', 'better-sqlite3', 'onnxruntime-node', 'sharp', 'ws'], patterns: ['**/electron/**', 'node:*'] },
    'The renderer runs in a browser sandbox: it may import only shared/ and browser code.',
  ),
  layer(
    ['shared/**/*.ts'],
    {
      paths: [...nodeBuiltins, 'electron', 'react', 'react-dom', 'zustand', 'better-sqlite3', 'onnxruntime-node', 'sharp', 'ws', 'fabric'],
      patterns: ['**/electron/**', '**/renderer/**', 'node:*'],
    },
    'shared/ is runtime-neutral: no Node built-ins, no Electron, no UI, no native modules.',
  ),
  layer(
    ['electron/core/**/*.ts', 'electron/server/**/*.ts', 'electron/cli/**/*.ts', 'models/**/*.ts'],
    { paths: ['electron', 'react', 'react-dom'], patterns: ['**/renderer/**', '**/electron/main/**', '**/electron/preload/**', '**/main/*', '**/preload/*'] },
    'Only electron/main and electron/preload may import electron; the core runs under plain Node.',
  ),
  layer(
    ['electron/preload/**/*.{ts,cts}'],
    { paths: nodeBuiltins, patterns: ['**/core/**', '**/renderer/**', 'node:*'] },
    'The preload is sandboxed: it may use electron only.',
  ),
  {
    // The store owns SQL (ARCHITECTURE.md): feature code calls its typed functions, so a rule such as
    // "which model is the target" has one definition. test/unit/deps/storeOwnsSql.test.ts also looks for SQL text.
    files: ['electron/**/*.ts', 'models/**/*.ts', 'shared/**/*.ts'],
    ignores: ['electron/core/store/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name=/^(prepare|pragma)$/], CallExpression[callee.property.name='exec'][callee.object.name='db'], CallExpression[callee.property.name='exec'][callee.object.property.name='db']",
          message: 'SQL lives in electron/core/store/: call (or add) a typed store function there.',
        },
      ],
    },
  },
  {
    files: ['electron/preload/**/*.cts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
