/** @type {import('jest').Config} */
module.exports = { ...require('../../../jest.preset.cjs'), displayName: 'payments-contracts', rootDir: __dirname };
