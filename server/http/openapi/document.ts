// The OpenAPI 3.1 document, built from the operations list and the zod schemas with zod's own JSON
// Schema output (draft 2020-12, the dialect OpenAPI 3.1 uses): nothing is written twice by hand.
import fs from 'node:fs';
import { z } from 'zod';
import { answerSchemas, bodySchemas } from '../../domain/api/registry';
import { accessOf } from '../access';
import { OPERATIONS, type Answer, type Operation } from './operations';
import { fromRoot } from '../../paths';

type Json = Record<string, unknown>;
type Schema = Json;

const REF = '#/components/schemas/';

/** Examples taken from the seed (npm run generate:api-examples writes them; a test keeps them true). */
export const EXAMPLES_FILE = fromRoot('server', 'http', 'openapi', 'examples.json');

function readExamples(): Record<string, unknown> {
  try {
    return JSON.parse(fs.readFileSync(EXAMPLES_FILE, 'utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** A date or a moment says so by its `format`; zod's long regular expression for it says nothing more
 *  to a reader (the server's answers are checked by a validator that knows the formats). */
const plainFormats = (ctx: { jsonSchema: Schema }) => {
  if (ctx.jsonSchema.format === 'date' || ctx.jsonSchema.format === 'date-time') delete ctx.jsonSchema.pattern;
};

/** A registry's schemas as components: `$schema` and `$id` dropped (a component is not a document). */
function components(registry: typeof answerSchemas, io: 'input' | 'output'): Record<string, Schema> {
  const { schemas } = z.toJSONSchema(registry, { io, uri: (id) => `${REF}${id}`, unrepresentable: 'throw', override: plainFormats }) as { schemas: Record<string, Schema> };
  for (const s of Object.values(schemas)) {
    delete s.$schema;
    delete s.$id;
  }
  return schemas;
}

function refTo(schema: z.ZodType, registry: typeof answerSchemas): Schema {
  const meta = registry.get(schema);
  if (!meta) throw new Error('an answer or body shape of the operations list is not named in server/domain/api (answer() or body())');
  return { $ref: `${REF}${meta.id}` };
}

const PATH_PARAMETERS: Record<string, Json> = {
  id: { name: 'id', in: 'path', required: true, description: 'The id of the report, account or token.', schema: { type: 'integer', minimum: 1 } },
  name: { name: 'name', in: 'path', required: true, description: 'The recipe\'s name (lower-case letters, digits, - and _); `NAME.json` asks for the document alone.', schema: { type: 'string', maxLength: 69 } },
};

/** `/api/reports/:id` → `/api/reports/{id}`. */
export const openApiPath = (expressPath: string) => expressPath.replace(/:([A-Za-z_]+)/g, '{$1}');

function parameters(op: Operation): Json[] {
  const out: Json[] = [];
  for (const name of op.path.match(/:([A-Za-z_]+)/g) ?? []) {
    out.push(PATH_PARAMETERS[name.slice(1)] ?? (() => { throw new Error(`no description of the path parameter ${name} (document.ts)`); })());
  }
  if (op.query) {
    const q = z.toJSONSchema(op.query, { io: 'input', unrepresentable: 'throw' }) as { properties?: Record<string, Schema>; required?: string[] };
    for (const [name, schema] of Object.entries(q.properties ?? {})) {
      const param: Json = { name, in: 'query', required: (q.required ?? []).includes(name), schema };
      if (typeof schema.description === 'string') param.description = schema.description;
      if (schema.type === 'array') Object.assign(param, { style: 'form', explode: true, description: 'Repeatable.' });
      out.push(param);
    }
  }
  if (op.ifMatch) {
    out.push({ name: 'If-Match', in: 'header', required: false, description: 'The revision the change is based on (`3`, `"3"` or `W/"3"`); a stale one gets 412.', schema: { type: 'string' } });
  }
  return out;
}

function answerObject(a: Answer, examples: Record<string, unknown>): Json {
  const out: Json = { description: a.description };
  if (a.headers) out.headers = Object.fromEntries(Object.entries(a.headers).map(([h, d]) => [h, { description: d, schema: { type: 'string' } }]));
  if (a.json) {
    const media: Json = { schema: refTo(a.json, answerSchemas) };
    if (a.example && a.example in examples) media.example = examples[a.example];
    out.content = { 'application/json': media };
  } else if (a.media) {
    out.content = { [a.media]: { schema: { type: 'string' } } };
  }
  return out;
}

/** Bodies that are files: a form's parts, or the file itself. */
const MEDIA_SCHEMAS: Record<string, Json> = {
  'multipart/form-data': {
    type: 'object', required: ['file'],
    properties: { recipe: { type: 'string', description: 'The recipe as JSON, or the name of a saved one; before the file.' }, file: { type: 'string', contentMediaType: 'application/octet-stream' } },
  },
  'application/octet-stream': { type: 'string', contentMediaType: 'application/octet-stream' },
};

function operationObject(op: Operation, examples: Record<string, unknown>): Json {
  const out: Json = { operationId: op.id, tags: [op.tag], summary: op.summary };
  if (op.description) out.description = op.description;
  const params = parameters(op);
  if (params.length > 0) out.parameters = params;
  if (op.body) {
    if ('json' in op.body) {
      const media: Json = { schema: refTo(op.body.json, bodySchemas) };
      if (op.body.example && op.body.example in examples) media.example = examples[op.body.example];
      out.requestBody = { required: true, content: { 'application/json': media } };
    } else {
      out.requestBody = { required: true, description: op.body.description, content: Object.fromEntries(op.body.media.map((m) => [m, { schema: MEDIA_SCHEMAS[m] ?? { type: 'string' } }])) };
    }
  }
  out.responses = Object.fromEntries(Object.entries(op.answers).map(([status, a]) => [status, answerObject(a, examples)]));
  // Who may call it: the route table's entry (server/http/access.ts), the one that guards the route.
  const access = accessOf(op.method, op.path);
  if (!access) throw new Error(`${op.method.toUpperCase()} ${op.path} is described but has no entry in ROUTE_ACCESS`);
  out['x-access'] = access;
  out.security = access === 'public' ? [] : access === 'reader' ? [{}, { bearer: [] }, { session: [] }] : [{ bearer: [] }, { session: [] }];
  return out;
}

function packageVersion(): string {
  const file = fromRoot('package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

let built: Json | undefined;

/** The document (built once per process: it depends on the code alone). */
export function openApiDocument(): Json {
  if (built) return built;
  const examples = readExamples();
  const paths: Record<string, Json> = {};
  for (const op of OPERATIONS) {
    const p = (paths[openApiPath(op.path)] ??= {});
    p[op.method] = operationObject(op, examples);
  }
  built = {
    openapi: '3.1.0',
    info: {
      title: 'conflict-tally',
      version: packageVersion(),
      summary: 'Casualty reports of a war, the running totals counted from them, and every source\'s claims against them.',
      description: 'Reads are public unless the instance is private (`TALLY_READ=accounts`); writes need an account: `Authorization: Bearer <personal token>` or the session cookie of a signed-in page (same-origin, JSON). `x-access` on each operation names the least it needs: public, reader, editor or admin. Every error has one shape (`Error`). Public reads carry an ETag and answer `If-None-Match` with 304.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    tags: [...new Set(OPERATIONS.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { ...components(answerSchemas, 'output'), ...components(bodySchemas, 'input') },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A personal API token (it acts as its account), or the bootstrap token (TALLY_TOKEN).' },
        session: { type: 'apiKey', in: 'cookie', name: 'tally_session', description: 'The session of a signed-in page (POST /api/session).' },
      },
    },
  };
  return built;
}
