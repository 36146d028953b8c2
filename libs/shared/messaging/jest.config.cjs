/** @type {import('jest').Config} */
module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'shared-messaging',
  rootDir: __dirname,
  // These tests talk to a real Kafka broker: start it (or check an external one) first.
  globalSetup: require.resolve('../../../test-setup/global-setup-kafka.cjs'),
};
