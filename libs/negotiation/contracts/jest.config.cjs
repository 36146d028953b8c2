/** @type {import('jest').Config} */
module.exports = { ...require('../../../jest.preset.cjs'), displayName: 'negotiation-contracts', rootDir: __dirname };
