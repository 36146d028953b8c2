/** @type {import('jest').Config} */
module.exports = { ...require('../../../jest.preset.cjs'), displayName: 'shared-service-kit', rootDir: __dirname };
