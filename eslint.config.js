// Lint rules that carry the house-style boundaries (../shared/guide/house-style.md): what each
// package may import, and which single modules may touch processes, SQLite, the network or forge.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const restrict = (patterns, paths = []) => ['error', { patterns, paths }];
const msg = (group, message) => ({ group, message });

const PROCESS = msg(['node:child_process', 'child_process'], 'Only agent/src/platform/exec.ts may start processes.');
const SQLITE = msg(['better-sqlite3'], 'Only agent/src/cache/ and service/src/store/ open SQLite.');
const GOT = msg(['got'], 'Only agent/src/push/ sends network requests.');
const FORGE = msg(['node-forge'], 'node-forge only builds certificates/CSRs (agent/src/identity/, service/src/ca/).');
const WORKSPACES = (...names) =>
  msg(
    names.flatMap((n) => [`@vigil/${n}`, `**/${n}/src/**`, `**/${n}/dist/**`]),
    `This package must not import ${names.join(', ')}.`,
  );

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', 'test-artifacts/**', '**/__fixtures__/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['vitest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.test.ts', '**/test-support/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        Buffer: 'readonly',
        performance: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        TextEncoder: 'readonly',
        structuredClone: 'readonly',
        globalThis: 'readonly',
      },
    },
  },
  // Boundaries by package.
  {
    files: ['shared/src/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        WORKSPACES('agent', 'service', 'gateway', 'tray-ui'),
        PROCESS,
        SQLITE,
        GOT,
        FORGE,
      ]),
    },
  },
  {
    files: ['agent/src/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([WORKSPACES('service', 'gateway', 'tray-ui'), PROCESS, SQLITE, GOT, FORGE]),
    },
  },
  {
    files: ['service/src/**/*.ts'],
    rules: { 'no-restricted-imports': restrict([WORKSPACES('agent', 'gateway', 'tray-ui'), PROCESS, GOT]) },
  },
  {
    files: ['gateway/src/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([WORKSPACES('agent', 'service', 'tray-ui'), PROCESS, SQLITE, GOT, FORGE]),
    },
  },
  {
    files: ['tray-ui/src/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([WORKSPACES('agent', 'service', 'gateway'), PROCESS, SQLITE, GOT, FORGE]),
    },
  },
  // The single sanctioned homes of each capability.
  {
    // exec.ts runs the allowlisted OS tools; cycle-runner.ts forks the agent's own cycle entry
    // (node, fixed module path, no shell) so a cycle's memory goes back to the OS.
    files: ['agent/src/platform/exec.ts', 'agent/src/daemon/cycle-runner.ts'],
    rules: { 'no-restricted-imports': restrict([WORKSPACES('service', 'gateway', 'tray-ui'), SQLITE, GOT, FORGE]) },
  },
  {
    files: ['agent/src/cache/**/*.ts'],
    rules: { 'no-restricted-imports': restrict([WORKSPACES('service', 'gateway', 'tray-ui'), PROCESS, GOT, FORGE]) },
  },
  {
    files: ['agent/src/push/**/*.ts'],
    rules: { 'no-restricted-imports': restrict([WORKSPACES('service', 'gateway', 'tray-ui'), PROCESS, SQLITE, FORGE]) },
  },
  {
    files: ['agent/src/identity/**/*.ts'],
    rules: { 'no-restricted-imports': restrict([WORKSPACES('service', 'gateway', 'tray-ui'), PROCESS, SQLITE, GOT]) },
  },
  {
    files: ['service/src/store/**/*.ts'],
    rules: { 'no-restricted-imports': restrict([WORKSPACES('agent', 'gateway', 'tray-ui'), PROCESS, GOT, FORGE]) },
  },
  {
    files: ['service/src/ca/**/*.ts', 'service/src/test-support/**/*.ts', 'service/src/**/*.test.ts'],
    rules: { 'no-restricted-imports': restrict([WORKSPACES('agent', 'gateway', 'tray-ui'), PROCESS, GOT]) },
  },
  // The tray renderer's files are classic scripts sharing one global scope (tray-ui/tsconfig.renderer.json).
  {
    files: ['tray-ui/src/renderer/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.d.ts'],
    languageOptions: { sourceType: 'script' },
    rules: { '@typescript-eslint/no-unused-vars': ['error', { vars: 'local', argsIgnorePattern: '^_' }] },
  },
  // Tests that drive real processes (e2e) and the tooling scripts may spawn them.
  { files: ['test/**/*.ts', '**/*.e2e.test.ts', 'scripts/**'], rules: { 'no-restricted-imports': 'off' } },
);
