// Validates the OpenAPI document read from stdin with @seriousme/openapi-schema-validator (an ES
// module, so it runs here in a child process of its own rather than in jest's CommonJS). Prints
// { valid, version, errors } as JSON.
import { Validator } from '@seriousme/openapi-schema-validator';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const validator = new Validator();
const result = await validator.validate(JSON.parse(input));
process.stdout.write(JSON.stringify({ valid: result.valid, version: validator.version, errors: result.errors ?? null }));
