// ESLint flat config: the NestJS defaults (typescript-eslint recommended + prettier) plus what
// STYLE.md promises, as rules: pure deciders (habit 1), arrows that point one way (apps ->
// projections -> libs), small files and functions, exhaustive switches. Each rule is shown
// failing by a fixture in lint-fixtures/ (checked by scripts/check-lint-fixtures.mjs, part of
// `npm run lint`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const impureCalls = [
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: 'Domain code is pure: time arrives in the command.',
  },
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: 'Domain code is pure: time arrives in the command.',
  },
  {
    selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
    message: 'Domain code is pure: ids and randomness arrive in the command.',
  },
  {
    selector: "CallExpression[callee.name='randomUUID']",
    message: 'Domain code is pure: ids arrive in the command.',
  },
];

/**
 * Libraries have a front door: another library, a projection, an app or a bench imports a
 * library only by its entry (`#cdrs`, package.json "imports"), never a file inside it; specs
 * may also reach its test-support (`#ocpi/test-support/ocpi-fixtures.js`).
 */
const DEEP_IMPORT = {
  regex: '^#[a-z-]+/(?!(.+/)?test-support/)',
  message: "Import a library by its entry ('#cdrs'), not a file inside it.",
};
const DEEP_RELATIVE = (regex) => ({
  regex,
  message: "Import a library by its entry ('#cdrs'), not by a path into its files.",
});

/** Imports that would point the wrong way: a library knows no app and no projection. */
const LIBRARY_FORBIDDEN = [
  DEEP_IMPORT,
  DEEP_RELATIVE('^\\.\\./\\.\\./[a-z-]+/src/'),
  DEEP_RELATIVE('^(\\.\\./){3,}'),
  { group: ['@nestjs/*'], message: 'NestJS lives in apps/ only (DESIGN.md layout).' },
  {
    group: ['**/apps/**'],
    message: 'A library never imports an app (apps -> projections -> libs).',
  },
  {
    group: ['**/projections/**'],
    message: 'A library never imports a projection (apps -> projections -> libs).',
  },
];

/** Deciders and the pricing/money kernels are pure: no I/O, no clock, no store client. */
const DECIDER_FORBIDDEN = [
  ...LIBRARY_FORBIDDEN,
  { group: ['node:*'], message: 'Domain code is pure: no Node.js I/O in deciders.' },
  { group: ['@kurrent/*'], message: 'Domain code is pure: the store is behind a port.' },
];

const PRODUCTION_TS = ['**/*.ts'];
const NOT_PRODUCTION = ['**/*.spec.ts', '**/test-support/**', 'lint-fixtures/**'];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.tools/**',
      'coverage/**',
      'data/**',
      'bench-data/**',
      // Code that must fail: linted on purpose by scripts/check-lint-fixtures.mjs.
      'lint-fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    // Install-time scripts run on whatever Node the machine has, before anything is installed:
    // plain CommonJS.
    files: ['scripts/**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setImmediate: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // A switch over a union names every member (or has a default that says why it may not).
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
    },
  },
  {
    // STYLE.md: functions fit on a screen (70 lines of code); tests' describe blocks are lists.
    files: PRODUCTION_TS,
    ignores: NOT_PRODUCTION,
    rules: {
      'max-lines-per-function': [
        'error',
        { max: 70, skipBlankLines: true, skipComments: true, IIFEs: true },
      ],
    },
  },
  {
    // STYLE.md: a library module has one reason to change and stays under 300 lines.
    files: ['libs/**/*.ts'],
    ignores: NOT_PRODUCTION,
    rules: { 'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['libs/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: LIBRARY_FORBIDDEN }] },
  },
  {
    // After the libs/** block, so deciders keep every library ban and add the purity ones.
    files: ['libs/money/**/*.ts', 'libs/tariffs/**/*.ts', 'libs/**/*.decider.ts'],
    ignores: ['**/*.spec.ts', '**/test-support/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: DECIDER_FORBIDDEN }],
      'no-restricted-syntax': ['error', ...impureCalls],
    },
  },
  {
    files: ['apps/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [DEEP_IMPORT, DEEP_RELATIVE('^(\\.\\./)+(libs|projections/src)/')] },
      ],
    },
  },
  {
    files: ['projections/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            DEEP_IMPORT,
            DEEP_RELATIVE('^(\\.\\./)+libs/'),
            {
              group: ['**/apps/**'],
              message: 'A projection never imports an app (apps -> projections -> libs).',
            },
          ],
        },
      ],
    },
  },
);
