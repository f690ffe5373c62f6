// @ts-check
// Lint config for the TypeScript monorepo: typescript-eslint's type-checked "recommended" set, plus the
// rules CONVENTIONS.md asks for (promises, exhaustive switches, eqeqeq, no focused/skipped tests,
// no console.log in service and library code).
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const TS_FILES = ['apps/**/*.ts', 'libs/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts'];
const SPEC_FILES = ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.integration-spec.ts'];
// Code that is not shipped: tests, benchmarks, one-off scripts.
const NON_PRODUCTION_FILES = [...SPEC_FILES, 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'];

const TEST_FUNCTIONS = '/^(it|test|describe)$/';
const FOCUS_OR_SKIP = '/^(only|skip)$/';
const FOCUS_OR_SKIP_ALIASES = '/^(fit|fdescribe|xit|xtest|xdescribe)$/';
const FOCUS_OR_SKIP_MESSAGE =
  'No focused or skipped tests (.only / .skip / fit / fdescribe / xit / xtest / xdescribe): a committed one silently hides the rest of the suite.';

export default defineConfig(
  globalIgnores([
    '**/dist/**',
    '**/node_modules/**',
    '**/coverage/**',
    'apps/console/**',
    '**/*.js',
    '**/*.mjs',
    '**/*.cjs',
  ]),

  {
    name: 'weop/typescript',
    files: TS_FILES,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Required by CONVENTIONS.md.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      eqeqeq: ['error', 'always'],

      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],

      // NestJS idioms.
      // @Module({...}) export class XModule {} is an empty, decorator-only class by design.
      '@typescript-eslint/no-extraneous-class': 'off',
      // Nest lifecycle hooks, handlers and interface implementations are often `async` without an
      // `await` so that they return a Promise as the interface asks.
      '@typescript-eslint/require-await': 'off',
      // Values that arrive untyped (decorator metadata, JSON.parse, third-party callbacks) are
      // flagged but do not fail the build; tests turn these off below.
      '@typescript-eslint/no-unsafe-assignment': 'warn',
      '@typescript-eslint/no-unsafe-member-access': 'warn',
      '@typescript-eslint/no-unsafe-call': 'warn',
      '@typescript-eslint/no-unsafe-return': 'warn',
      '@typescript-eslint/no-unsafe-argument': 'warn',
    },
  },

  {
    name: 'weop/no-console-log-in-src',
    files: ['apps/*/src/**/*.ts', 'libs/*/src/**/*.ts'],
    rules: {
      // Services log through pino (libs/observability); console.log bypasses levels and structure.
      'no-restricted-properties': [
        'error',
        {
          object: 'console',
          property: 'log',
          message: 'Use the injected pino logger (libs/observability), not console.log.',
        },
      ],
    },
  },

  {
    name: 'weop/non-production',
    files: NON_PRODUCTION_FILES,
    rules: {
      // supertest bodies, jest mocks and fixtures are `any` by nature.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      // expect(service.method).toHaveBeenCalled() passes an unbound method on purpose.
      '@typescript-eslint/unbound-method': 'off',
    },
  },

  {
    name: 'weop/no-focused-or-skipped-tests',
    files: SPEC_FILES,
    rules: {
      'no-restricted-syntax': [
        'error',
        // it.only(...), describe.skip(...), test.only.each(...)(...)
        {
          selector: `MemberExpression[object.name=${TEST_FUNCTIONS}][property.name=${FOCUS_OR_SKIP}]`,
          message: FOCUS_OR_SKIP_MESSAGE,
        },
        // it['only'](...)
        {
          selector: `MemberExpression[computed=true][object.name=${TEST_FUNCTIONS}][property.value=${FOCUS_OR_SKIP}]`,
          message: FOCUS_OR_SKIP_MESSAGE,
        },
        // it.concurrent.only(...), test.concurrent.skip(...)
        {
          selector: `MemberExpression[object.type='MemberExpression'][object.object.name=${TEST_FUNCTIONS}][property.name=${FOCUS_OR_SKIP}]`,
          message: FOCUS_OR_SKIP_MESSAGE,
        },
        // fit(...), fdescribe(...), xit(...), xtest(...), xdescribe(...)
        {
          selector: `CallExpression > Identifier.callee[name=${FOCUS_OR_SKIP_ALIASES}]`,
          message: FOCUS_OR_SKIP_MESSAGE,
        },
        // fit.each(...)(...), xdescribe.each(...)(...)
        {
          selector: `MemberExpression > Identifier.object[name=${FOCUS_OR_SKIP_ALIASES}]`,
          message: FOCUS_OR_SKIP_MESSAGE,
        },
      ],
    },
  },
);
