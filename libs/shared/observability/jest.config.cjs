/** @type {import('jest').Config} */
module.exports = { ...require('../../../jest.preset.cjs'), displayName: 'shared-observability', rootDir: __dirname };
