// Dependency rules from CONVENTIONS.md "Dependencies point one way", checked in CI:
// apps -> libs only, never libs -> apps or app -> app; libs/contracts imports nothing internal;
// libs are imported through their entry point (@weop/<lib>); no cycles; test code stays in tests.

/** Captures the package a file belongs to: apps/X, libs/X, or the scripts/bench/test folder. */
const OWNER = '^((?:apps|libs)/[^/]+|scripts|bench|test)/';
/** Spec files and the top-level test/ folder. */
const TEST_CODE = ['\\.(spec|e2e-spec|test)\\.ts$', '^test/'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'libs-not-to-apps',
      comment: 'A lib is shared by every app, so it cannot know about any of them.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'app-only-to-itself-libs-and-packages',
      comment:
        'apps/X may import only apps/X, libs (through @weop/*) and packages. Another app, scripts/, ' +
        'bench/ or test/ is off limits; what two services share goes in libs/contracts.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: {
        pathNot: ['^apps/$1/', '^libs/', '(^|/)node_modules/'],
        dependencyTypesNot: ['core'],
        couldNotResolve: false,
      },
    },
    {
      name: 'contracts-import-nothing-internal',
      comment: 'libs/contracts is the shared vocabulary; it depends on no other lib and no app.',
      severity: 'error',
      from: { path: '^libs/contracts/' },
      to: {
        path: '^(apps|libs|scripts|bench|test)/',
        pathNot: '^libs/contracts/',
      },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles (type-only imports included).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'lib-only-through-entry-point',
      comment:
        'Outside libs/X, import libs/X only through its entry point libs/X/src/index.ts ' +
        '(the @weop/X alias), never a deep path. Inside libs/X anything goes.',
      severity: 'error',
      // $1 is the importing package (apps/X, libs/X) or top-level folder; it exempts same-lib imports.
      from: { path: OWNER },
      to: {
        path: '^libs/[^/]+/',
        pathNot: ['^$1/', '^libs/[^/]+/src/index\\.ts$'],
      },
    },
    {
      name: 'lib-only-through-alias',
      comment:
        'Import another lib as @weop/X, not by a relative or baseUrl path to libs/X/src/index.ts.',
      severity: 'error',
      from: { path: OWNER },
      to: {
        path: '^libs/[^/]+/src/index\\.ts$',
        pathNot: '^$1/',
        dependencyTypesNot: ['aliased-tsconfig-paths'],
      },
    },
    {
      name: 'weop-alias-must-resolve',
      comment: '@weop/X has no sub-paths: @weop/X/anything is a deep import (and does not resolve).',
      severity: 'error',
      from: {},
      to: { path: '^@weop/', couldNotResolve: true },
    },
    {
      name: 'test-code-not-imported-by-non-test-code',
      comment: 'Spec files and test/ helpers never ship; production code must not import them.',
      severity: 'error',
      from: { pathNot: TEST_CODE },
      to: { path: TEST_CODE },
    },
  ],

  options: {
    includeOnly: '^(apps|libs|scripts|bench|test)/|^@weop/',
    exclude: { path: '(^|/)(node_modules|dist)/' },
    doNotFollow: { path: '(^|/)node_modules/' },
    // Count `import type` too: a type-only import from another app or a deep lib path is still a breach.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.d.ts', '.js', '.json'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
