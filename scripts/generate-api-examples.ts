// npm run generate:api-examples: writes the OpenAPI document's examples, taken from the seed
// (scripts/api-examples.ts). Run it after changing an answer's shape or the seed.
import fs from 'node:fs';
import path from 'node:path';
import { EXAMPLES_FILE } from '../server/http/openapi/document';
import { generateExamples } from './api-examples';

generateExamples().then((examples) => {
  fs.writeFileSync(EXAMPLES_FILE, `${JSON.stringify(examples, null, 2)}\n`);
  process.stdout.write(`wrote ${path.relative(process.cwd(), EXAMPLES_FILE)}\n`);
}, (e: unknown) => {
  process.stderr.write(`generate:api-examples: ${(e as Error).message}\n`);
  process.exitCode = 1;
});
