#!/usr/bin/env node
// `collections-audit` from the repository (package.json "bin", `npm run audit --`): runs
// the TypeScript source through swc with the repository's path aliases. The build runs
// the same command with plain node: `node dist/tools/audit/cli.js ...`.
const path = require('node:path');
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.resolve(__dirname, '../../tsconfig.json');
require('@swc-node/register');
void require('./cli.ts').main();
