// Flat config: typescript-eslint's type-checked rules plus the Temporal SDK's habits (eqeqeq, no floating
// promises, type-only imports) and a fence around the workflow sandbox.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import jest from 'eslint-plugin-jest';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      '.data',
      '.tools',
      'src/generated',
      'coverage',
      'test-results',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      eqeqeq: ['error', 'always'],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Async methods that implement an async interface without awaiting are fine.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // No import cycles in src: a cycle makes module load order matter (a value read before its module has run is
    // undefined) and keeps layers from being split. Type-only imports are erased at build and never counted.
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // The TypeScript parser for the modules the rule follows (without it, a .ts import is not parsed and no cycle
      // through it is seen), and TypeScript's own resolution.
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // One concept per file: a file past this has become two.
      'max-lines': ['error', { max: 400 }],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node builtins, no I/O clients, and activities
    // only as types (their values would drag I/O into the bundle).
    files: ['src/workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'crypto', 'http', 'https', 'net', 'child_process', 'os'],
              message: 'Node builtins are not allowed in workflows.',
            },
            {
              group: ['@prisma/*', '../generated/*', 'nodemailer', 'pg', '@temporalio/client', '@temporalio/worker'],
              message: 'I/O clients belong in activities.',
            },
            {
              group: ['../activities', '../activities/*'],
              message: 'Import activities as types only.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    ...jest.configs['flat/recommended'],
    rules: {
      ...jest.configs['flat/recommended'].rules,
      'jest/no-focused-tests': 'error',
      // A test asserts through expect or through one of the helpers that throw on failure (waitFor in
      // test/support/wait.ts, the file-local expect* helpers); fast-check's assert runs property expectations, and
      // Worker.runReplayHistory throws when a recorded history no longer replays (test/workflows/replay.test.ts).
      'jest/expect-expect': [
        'error',
        {
          assertFunctionNames: [
            'expect',
            'expect*',
            'assert*',
            'fc.assert',
            'waitFor',
            'waitFor*',
            'Worker.runReplayHistory',
          ],
        },
      ],
      // Property and table tests branch on the case at hand.
      'jest/no-conditional-expect': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
