/** @type {import('jest').Config} */
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'debtors-app',
  rootDir: __dirname,
  // the service as its own process, against PostgreSQL and a real Kafka broker
  globalSetup: require.resolve('../../test-setup/global-setup-kafka.cjs'),
};
