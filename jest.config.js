/** One Jest run for unit (*.spec.ts), integration (*.integration-spec.ts) and end-to-end (*.e2e-spec.ts) tests. */
const swc = ['@swc/jest', {
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
}];

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{apps,libs,scripts,test}/**/*.{spec,integration-spec,e2e-spec}.ts'],
  transform: {
    '^.+\\.ts$': swc,
    // A few dependencies ship only ES modules; Jest on Node 20 loads CommonJS, so swc converts them.
    '^.+\\.m?js$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|htmlparser2|domhandler|domutils|dom-serializer|domelementtype|entities)/)'],
  moduleNameMapper: {
    '^@weop/(contracts|messaging|persistence|auth|observability|testing|text-signals|mail)$': '<rootDir>/libs/$1/src',
  },
  testTimeout: 30000,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  // Suites share one PostgreSQL and NATS server, each under its own database and namespace.
  setupFiles: ['reflect-metadata'],
};
