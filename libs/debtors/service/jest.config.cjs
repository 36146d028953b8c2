/** @type {import('jest').Config} */
module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'debtors-service',
  rootDir: __dirname,
  // end-to-end tests run the service against PostgreSQL and a real Kafka broker
  globalSetup: require.resolve('../../../test-setup/global-setup-kafka.cjs'),
};
