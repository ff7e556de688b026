// Checks one answer against the OpenAPI document (the hook of answers-match-spec.ts and the tests that
// read the API over a real port use it).
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

type Json = Record<string, unknown>;
interface Route { method: string; pattern: RegExp; template: string; op: Json }

let routes: Route[] | undefined;
let ajv: Ajv2020 | undefined;
const validators = new Map<string, ValidateFunction>();
const DOC_ID = 'urn:conflict-tally:openapi';

function load(): Route[] {
  if (routes) return routes;
  // Loaded on first use: unit tests that make no request pay nothing.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { openApiDocument } = require('../../server/http/openapi/document') as typeof import('../../server/http/openapi/document');
  const doc = openApiDocument();
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: DOC_ID, components: doc.components } as Json);
  routes = [];
  for (const [template, methods] of Object.entries(doc.paths as Record<string, Record<string, Json>>)) {
    const pattern = new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`);
    for (const [method, op] of Object.entries(methods)) routes.push({ method: method.toUpperCase(), pattern, template, op });
  }
  return routes;
}

function validator(ref: string): ValidateFunction {
  let v = validators.get(ref);
  if (!v) {
    v = ajv!.compile({ $ref: `${DOC_ID}${ref}` });
    validators.set(ref, v);
  }
  return v;
}

const mediaOf = (headers: Record<string, string>) => (headers['content-type'] ?? '').split(';')[0]!.trim();

/** Why this answer does not match the document, or undefined when it does. */
export function answerMismatch(method: string, url: string, status: number, headers: Record<string, string>, text: string | undefined, body: unknown): string | undefined {
  const all = load();
  const path = new URL(url, 'http://x').pathname;
  const m = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
  const route = all.find((r) => r.method === m && r.pattern.test(path));
  const media = mediaOf(headers);
  const where = `${method.toUpperCase()} ${path} → ${status}`;
  if (!route) {
    // Not an operation: a static file (a source map is JSON too), or an error in the one shape.
    if (media !== 'application/json' || status < 400) return undefined;
    const v = validator('#/components/schemas/Error');
    return v(body) ? undefined : `${where}: an undocumented path answered JSON that is not an Error: ${ajv!.errorsText(v.errors)}`;
  }
  const answers = route.op.responses as Record<string, Json>;
  const answer = answers[String(status)];
  if (!answer) return `${where}: ${route.template} documents no ${status} answer (it documents ${Object.keys(answers).join(', ')})`;
  const content = answer.content as Record<string, Json> | undefined;
  const hasBody = (text ?? '').length > 0 && method.toUpperCase() !== 'HEAD';
  if (!content) return hasBody ? `${where}: documented without a body, but a ${media || 'body'} came` : undefined;
  if (!hasBody) return undefined;
  const documented = content[media];
  if (!documented) return `${where}: answered ${media || 'no content type'}, documented ${Object.keys(content).join(', ')}`;
  if (media !== 'application/json') return undefined;
  const schema = documented.schema as Json;
  const v = validator(String(schema.$ref));
  if (v(body)) return undefined;
  return `${where}: the body does not match ${String(schema.$ref).split('/').pop()}: ${ajv!.errorsText(v.errors, { separator: '; ' })}\n${JSON.stringify(body).slice(0, 600)}`;
}
