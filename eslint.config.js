// Lint rules that keep the process boundaries mechanical (see docs/architecture.md):
// core/ imports nothing environment-specific, and only the platform layer imports electron at run time.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const electronAtRuntime = {
  name: 'electron',
  message: 'Only main/platform and preload/preload.ts import electron at run time; use `import type` elsewhere.',
  allowTypeImports: true,
};
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'http', 'https', 'net', 'child_process', 'crypto', 'url', 'util'];

export default tseslint.config(
  { ignores: ['dist/', '.tsbuild/', 'node_modules/', 'test-results/', 'playwright-report/', 'release/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    ignores: ['main/platform/**', 'preload/preload.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [electronAtRuntime] }] },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [electronAtRuntime, 'react', 'dexie', 'better-sqlite3', 'socket.io', 'socket.io-client'],
          patterns: [
            { group: nodeBuiltins, message: 'core/ is environment-free: no Node APIs.' },
            { group: ['**/server/**', '**/renderer/**', '**/main/**', '**/preload/**'], message: 'core/ depends on nothing but itself.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: globals.browser },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [electronAtRuntime, 'better-sqlite3', 'socket.io'],
          patterns: [
            { group: nodeBuiltins, message: 'The renderer runs sandboxed: no Node APIs.' },
            { group: ['**/server/**', '**/main/**'], message: 'The renderer reaches the host only through preload/contract.' },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'server/**/*.ts', 'main/**/*.ts', 'test/**/*.ts', '*.config.{js,ts}'],
    languageOptions: { globals: globals.node },
  },
);
