import fs from 'node:fs';
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The workspaces (protocol, runtime, sfu, ground, ...). One reaches another only by its package
// name and what that package's "exports" offer (e.g. @dronecast/sfu/testing), never by a path
// into its src/ (tests included), so each package decides its own public surface.
const { workspaces } = JSON.parse(fs.readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const packageNames = workspaces.join('|');
const packageBoundaries = [
  {
    // ../../sfu/src/auth/TokenIssuer.ts, ../turn/src/stun/turnAllocate.ts, ../e2e/support/browser.ts (e2e has no src/)
    regex: `^(\\.\\./)+((${packageNames})/src|e2e)(/|$)`,
    message: "Another package's files: import it by its name and its exports (add a \"./testing\" export for what tests need).",
  },
  {
    regex: `^@dronecast/(${packageNames})/src(/|$)`,
    message: "Another package's src/: import it by its name and its exports (add a \"./testing\" export for what tests need).",
  },
];

// What a browser cannot load: the wire contract (protocol/) and the web app stay free of it.
const nodeOnly = [
  { regex: `^(node:|(${builtinModules.join('|')})(/|$))`, message: 'Browser code: no Node built-ins.' },
  { group: ['pino', '@dronecast/runtime'], message: 'Browser code: the Node runtime (logger, flags, config) is @dronecast/runtime; take a Logger instead.' },
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'webapp/dist/**', 'bench/results/**', '.dronecast/**', 'certs/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      'no-restricted-imports': ['error', { patterns: packageBoundaries }],
    },
  },
  {
    // Replaces the options above for these files, so the boundaries are repeated.
    files: ['protocol/src/**', 'webapp/src/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...packageBoundaries, ...nodeOnly] }],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require', '__dirname', '__filename'],
    },
  },
  {
    // The web app's tests run in Node, but the web app never uses the Node runtime.
    files: ['webapp/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...packageBoundaries, nodeOnly[1]] }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
);
