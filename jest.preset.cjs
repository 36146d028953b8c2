// Shared Jest settings for every project. swc strips types (fast); `npm run typecheck`
// and `npm run build` are where the compiler checks them.
const { pathsToModuleNameMapper } = require('./test-setup/paths.cjs');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.spec.ts', '<rootDir>/**/*.int-spec.ts', '<rootDir>/**/*.e2e-spec.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
    '^.+\\.m?js$': ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  // dinero.js, uuid, jose and ofx-js ship ES modules only: let swc turn them into CommonJS for Jest.
  transformIgnorePatterns: ['/node_modules/(?!(dinero\\.js|uuid|jose|ofx-js)/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper: pathsToModuleNameMapper(),
  globalSetup: require.resolve('./test-setup/global-setup.cjs'),
  setupFilesAfterEnv: [require.resolve('./test-setup/jest-timeouts.cjs')],
};
