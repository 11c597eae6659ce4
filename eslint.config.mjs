// Lint: typescript-eslint with type information, and the boundaries the design relies on.
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// A dossier's write and its change-feed entry are one retry-safe operation in store/
// (`feed`): nothing else appends to the feed, or a retry could lose the entry.
const onlyStoreAppends = {
  group: ['**/store/changes'],
  importNames: ['appendChanges'],
  message: 'Only store/ appends to the change feed: write the dossier through its store function.',
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'coverage/**', '.data/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A promise nobody awaits is a step that may silently not happen, or fail unseen.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Plain CommonJS tooling (it runs before npm install): checked without type information.
    files: ['**/*.cjs', '**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    rules: { ...tseslint.configs.disableTypeChecked.rules, '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Scripts the pages send to the browser, as they are written: no build step.
    files: ['pages/static/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser } },
  },
  {
    // A module holds one idea and a function one step: past these sizes they hide a second one.
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['test/**'],
    rules: {
      'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }],
      'max-lines-per-function': ['error', { max: 120, skipBlankLines: false, skipComments: false }],
    },
  },
  {
    // Tests read JSON answers whose shape the assertions state.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: [
      'api/**/*.ts',
      'activities/**/*.ts',
      'pages/**/*.ts',
      'pages/**/*.tsx',
      'scripts/**/*.ts',
      'server/**/*.ts',
      'worker/**/*.ts',
    ],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [onlyStoreAppends] }] },
  },
  {
    // The API knows nothing of the pages: the composition root (server/) mounts them beside it.
    files: ['api/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            onlyStoreAppends,
            { regex: '^(\\.\\./)+pages(/|$)', message: 'api/ never imports pages/: server/ wires them together.' },
          ],
        },
      ],
    },
  },
  {
    // Workflow code is replayed for years: it may import only the workflow SDK, pure models,
    // workflow messages, its state (*.state.ts) and its own helpers (type-only imports aside),
    // never the store, the API, activities' code or Node.
    files: ['workflows/**/*.ts'],
    // index.ts is the bundle's entry: it lists the workflows.
    ignores: ['workflows/**/*.messages.ts', 'workflows/dossier-messages.ts', 'workflows/index.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex:
                '^(?!@temporalio/workflow$|\\.\\./models/[\\w-]+$|\\./[\\w-]+\\.(messages|state)$|\\./dossier-messages$|\\./steps$)',
              allowTypeImports: true,
              message:
                'A workflow imports only @temporalio/workflow, models/, workflow messages and state, ./steps (types aside).',
            },
          ],
        },
      ],
    },
  },
  {
    // Messages are imported by the API, activities and tests as well as by the workflow.
    files: ['workflows/**/*.messages.ts', 'workflows/dossier-messages.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!@temporalio/workflow$|\\.\\./models/[\\w-]+$|\\./dossier-messages$)',
              allowTypeImports: true,
              message: 'Workflow messages import only @temporalio/workflow and models/ (types aside).',
            },
          ],
        },
      ],
    },
  },
  {
    // models/ is pure: shapes and rules, no store, no I/O, so workflows can use it.
    files: ['models/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!zod$|\\./[\\w-]+$)', allowTypeImports: true, message: 'models/ is pure: only zod and other models.' },
          ],
        },
      ],
    },
  },
  prettier,
);
