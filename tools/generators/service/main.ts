/**
 * `npm run generate:service -- <name>`: a new bounded context, complete and working at
 * once (domain, contracts, service, app, k8s, path aliases, lint scope, embedded mode).
 * It writes into the workspace this file belongs to, whatever the current directory.
 */
import path from 'node:path';
import { GeneratorRefusal, generateService } from './generate';

const ROOT = path.resolve(__dirname, '../../..');

function main(args: readonly string[]): number {
  const names = args.filter((arg) => !arg.startsWith('-'));
  if (names.length !== 1 || args.length !== 1) {
    process.stderr.write('usage: npm run generate:service -- <name>   (kebab-case, e.g. contacts or legal-escalation)\n');
    return 2;
  }
  try {
    const plan = generateService(ROOT, names[0]!);
    const k = plan.names.kebab;
    process.stdout.write(
      [
        `generated the ${k} context:`,
        ...plan.files.map((file) => `  create ${file.path}`),
        ...plan.edits.map((edit) => `  update ${edit.path}`),
        '',
        'next:',
        `  npx jest --selectProjects ${k}-domain ${k}-contracts ${k}-service   (the e2e spec needs PostgreSQL)`,
        `  node -r @swc-node/register apps/${k}/src/main.ts                    (server mode; npm start runs it in embedded mode)`,
        '',
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    if (error instanceof GeneratorRefusal) {
      process.stderr.write(`generate:service: refused: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));
