/** @type {import('jest').Config} */
module.exports = { ...require('../../../jest.preset.cjs'), displayName: 'payments-reconciliation', rootDir: __dirname };
