/** @type {import('jest').Config} */
module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'shared-audit',
  rootDir: __dirname,
  // The digest publisher's Kafka anchor is tested on a real broker: start it (or check an external one) first.
  globalSetup: require.resolve('../../../test-setup/global-setup-kafka.cjs'),
};
