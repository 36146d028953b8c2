// One root Jest run over every project that has a jest.config.cjs (libs/*/*, apps/*, tools).
const fs = require('node:fs');
const path = require('node:path');

function projectConfigs() {
  const found = [];
  const visit = (dir, depth) => {
    if (fs.existsSync(path.join(dir, 'jest.config.cjs')) && dir !== __dirname) found.push(path.join(dir, 'jest.config.cjs'));
    if (depth === 0) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') visit(path.join(dir, entry.name), depth - 1);
    }
  };
  for (const top of ['apps', 'libs', 'tools']) if (fs.existsSync(path.join(__dirname, top))) visit(path.join(__dirname, top), 2);
  return found.sort();
}

/** @type {import('jest').Config} */
module.exports = {
  projects: projectConfigs(),
  // Kafka clients and pools are closed by each test file; a handle a library keeps
  // (a KafkaJS retry timer, an idle socket) must not keep CI waiting after the summary.
  forceExit: true,
};
