/** `npm run generate:asyncapi`: writes docs/asyncapi.json from every context's contracts (the reporting service serves the same at /asyncapi.json). */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { asyncApiJson } from '@collections/reporting-service';

const file = path.resolve(__dirname, '../../docs/asyncapi.json');
writeFileSync(file, asyncApiJson());
process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
