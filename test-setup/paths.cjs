// Maps the tsconfig path aliases (@collections/...) to source files for Jest,
// so tests run against sources without a build step.
const path = require('node:path');
const { compilerOptions } = require('../tsconfig.base.json');

function pathsToModuleNameMapper() {
  const root = path.resolve(__dirname, '..');
  const mapper = {};
  for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
    const escaped = alias.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    mapper[`^${escaped}$`] = path.join(root, target);
  }
  return mapper;
}

module.exports = { pathsToModuleNameMapper };
