// Global setup of Jest projects with page tests in a real browser (and PostgreSQL, Kafka):
// infra/browser/chromium.sh finds Debian's Chromium, or installs it when it can. A page
// test never skips for lack of a browser: it fails with how to provide one.
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const kafka = require('./global-setup-kafka.cjs');

module.exports = async function globalSetup() {
  await kafka();
  if (process.env.CHROMIUM_PATH && globalThis.__collectionsChromiumChecked) return;
  const script = path.resolve(__dirname, '../infra/browser/chromium.sh');
  try {
    process.env.CHROMIUM_PATH = execFileSync('bash', [script, 'ensure'], { stdio: ['ignore', 'pipe', 'inherit'], env: process.env }).toString().trim();
  } catch {
    throw new Error('No headless Chromium for the page tests: see the lines of chromium.sh above (infra/browser/chromium.sh).');
  }
  globalThis.__collectionsChromiumChecked = true;
};
