/** @type {import('jest').Config} */
// page tests in a real Chromium (the setup finds or installs it) beside PostgreSQL and Kafka
module.exports = { ...require('../jest.preset.cjs'), displayName: 'tools', rootDir: __dirname, globalSetup: require.resolve('../test-setup/global-setup-browser.cjs') };
