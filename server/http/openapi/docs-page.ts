// The reference page of the API (/api/docs), written from the OpenAPI document alone: every operation
// with its parameters, body, answers and example, then every shape. Plain HTML with its own stylesheet:
// no script, no inline style (the pages' CSP), readable on a phone and printable.
import { html, Markup, type Markup as M } from '../markup';

type Json = Record<string, unknown>;
const REF = '#/components/schemas/';

/** `code` spans of the descriptions; everything else escaped. */
function prose(text: unknown): M {
  const parts = String(text ?? '').split('`');
  return html`${parts.map((p, i) => (i % 2 === 1 ? html`<code>${p}</code>` : p))}`;
}

const anchor = (name: string) => `schema-${name}`;

/** A schema in a few words: its type, with links to named shapes. */
function typeOf(s: Json | undefined): M {
  if (!s) return html`any`;
  if (typeof s.$ref === 'string') {
    const name = s.$ref.slice(REF.length);
    return html`<a href="#${anchor(name)}">${name}</a>`;
  }
  if (Array.isArray(s.anyOf) || Array.isArray(s.oneOf)) {
    const list = ((s.anyOf ?? s.oneOf) as Json[]).map(typeOf);
    return html`${list.map((t, i) => html`${i > 0 ? ' or ' : ''}${t}`)}`;
  }
  if ('const' in s) return html`<code>${JSON.stringify(s.const)}</code>`;
  if (Array.isArray(s.enum)) return html`one of ${(s.enum as unknown[]).map((v, i) => html`${i > 0 ? ', ' : ''}<code>${String(v)}</code>`)}`;
  const types = Array.isArray(s.type) ? (s.type as string[]) : s.type ? [s.type as string] : [];
  const words = types.map((t) => {
    if (t === 'array') {
      if (Array.isArray(s.prefixItems)) return html`[${(s.prefixItems as Json[]).map((x, i) => html`${i > 0 ? ', ' : ''}${typeOf(x)}`)}]`;
      return html`array of ${typeOf(s.items as Json)}`;
    }
    if (t === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object' && !s.properties) {
      return html`object of ${typeOf(s.additionalProperties as Json)}`;
    }
    if (t === 'string' && typeof s.format === 'string') return html`${t} (${s.format})`;
    return html`${t}`;
  });
  return html`${words.map((w, i) => html`${i > 0 ? ' or ' : ''}${w}`)}`;
}

/** The limits of a schema worth saying: lengths, bounds, patterns, defaults. */
function limits(s: Json): string {
  const out: string[] = [];
  if (typeof s.minLength === 'number' && s.minLength > 0) out.push(`at least ${s.minLength} characters`);
  if (typeof s.maxLength === 'number') out.push(`at most ${s.maxLength} characters`);
  if (typeof s.minimum === 'number' && s.minimum !== 0) out.push(`≥ ${s.minimum}`);
  if (typeof s.maximum === 'number' && s.maximum < Number.MAX_SAFE_INTEGER) out.push(`≤ ${s.maximum}`);
  if (typeof s.maxItems === 'number') out.push(`at most ${s.maxItems} values`);
  // A described parameter says what it takes in words; the pattern would only repeat it.
  if (typeof s.pattern === 'string' && !s.description) out.push(`matches ${s.pattern}`);
  if ('default' in s) out.push(`default ${JSON.stringify(s.default)}`);
  const items = s.items as Json | undefined;
  if (items && typeof items.maxLength === 'number') out.push(`each at most ${items.maxLength} characters`);
  return out.join('; ');
}

function propertiesTable(s: Json): M {
  const props = (s.properties ?? {}) as Record<string, Json>;
  const required = new Set((s.required ?? []) as string[]);
  return html`<table class="fields"><thead><tr><th scope="col">field</th><th scope="col">type</th><th scope="col">notes</th></tr></thead><tbody>${
    Object.entries(props).map(([name, p]) => html`<tr><th scope="row"><code>${name}</code>${required.has(name) ? '' : html` <span class="optional">optional</span>`}</th><td>${typeOf(p)}</td><td>${prose(p.description)}${p.description && limits(p) ? ' ' : ''}${limits(p)}</td></tr>`)
  }</tbody></table>`;
}

function schemaSection(name: string, s: Json): M {
  const variants = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  let body: M;
  if (s.properties) body = propertiesTable(s);
  else if (variants) body = html`<p>One of:</p>${variants.map((v) => (v.properties ? propertiesTable(v) : html`<p>${typeOf(v)}</p>`))}`;
  else body = html`<p>${typeOf(s)}</p>`;
  return html`<section class="schema" id="${anchor(name)}"><h3>${name}</h3>${s.description ? html`<p>${prose(s.description)}</p>` : ''}${body}</section>`;
}

const opAnchor = (op: Json) => `op-${String(op.operationId)}`;

const WHO: Record<string, string> = {
  public: 'Anyone, even on a private instance.',
  reader: 'Anyone; on a private instance (TALLY_READ=accounts), an account: a session or a personal token (Authorization: Bearer).',
  editor: 'An editor or an admin: a session or a personal token (Authorization: Bearer).',
  admin: 'An admin: a session or a personal token (Authorization: Bearer).',
};

function credentialsOf(op: Json): string {
  return WHO[String(op['x-access'])] ?? '';
}

function operationSection(method: string, path: string, op: Json): M {
  const params = (op.parameters ?? []) as Json[];
  const body = op.requestBody as Json | undefined;
  const bodyMedia = body ? Object.entries(body.content as Record<string, Json>)[0] : undefined;
  const answers = Object.entries(op.responses as Record<string, Json>);
  const examples = answers.flatMap(([status, a]) => {
    const media = (a.content as Record<string, Json> | undefined)?.['application/json'];
    return media && 'example' in media ? [{ status, example: media.example }] : [];
  });
  return html`<section class="operation" id="${opAnchor(op)}">
<h3><span class="method method-${method}">${method.toUpperCase()}</span> <code>${path}</code></h3>
<p class="summary">${op.summary as string}</p>
${op.description ? html`<p>${prose(op.description)}</p>` : ''}
<p class="who"><strong>Who:</strong> ${credentialsOf(op)}</p>
${params.length > 0 ? html`<h4>Parameters</h4><table class="fields"><thead><tr><th scope="col">name</th><th scope="col">in</th><th scope="col">type</th><th scope="col">notes</th></tr></thead><tbody>${
    params.map((p) => html`<tr><th scope="row"><code>${p.name as string}</code>${p.required ? html` <span class="required">required</span>` : ''}</th><td>${p.in as string}</td><td>${typeOf(p.schema as Json)}</td><td>${prose(p.description)}${p.description && limits(p.schema as Json) ? ' ' : ''}${limits(p.schema as Json)}</td></tr>`)
  }</tbody></table>` : ''}
${bodyMedia ? html`<h4>Body</h4><p><code>${bodyMedia[0]}</code>: ${typeOf(bodyMedia[1].schema as Json)}${body?.description ? html` — ${prose(body.description)}` : ''}</p>` : ''}
<h4>Answers</h4>
<dl class="answers">${answers.map(([status, a]) => {
    const content = a.content as Record<string, Json> | undefined;
    const [media, m] = content ? Object.entries(content)[0]! : [undefined, undefined];
    return html`<dt><span class="status status-${status[0]}xx">${status}</span></dt><dd>${prose(a.description)}${media ? html` <code>${media}</code>` : ''}${m?.schema ? html`: ${typeOf(m.schema as Json)}` : ''}</dd>`;
  })}</dl>
${examples.map((e) => html`<details class="example"><summary>Example answer (${e.status}), from the seed data</summary><pre><code>${JSON.stringify(e.example, null, 2)}</code></pre></details>`)}
</section>`;
}

export function docsPage(doc: Json): string {
  const info = doc.info as Json;
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const ops = Object.entries(paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  const tags = (doc.tags as { name: string }[]).map((t) => t.name);
  const schemas = (doc.components as { schemas: Record<string, Json> }).schemas;
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>conflict-tally API reference</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/docs.css">
</head>
<body>
<a class="skip-link" href="#main">Skip to the reference</a>
<header class="docs-header">
<h1>conflict-tally API <span class="version">${info.version as string}</span></h1>
<p>${prose(info.summary)}</p>
<p>${prose(info.description)}</p>
<p>Machine-readable: <a href="/api/openapi.json">OpenAPI 3.1 document</a>. Back to <a href="/">the dashboard</a>.</p>
</header>
<nav class="toc" aria-label="Contents">
<ul>${tags.map((tag) => html`<li>${tag}<ul>${ops.filter((o) => (o.op.tags as string[])[0] === tag).map((o) => html`<li><a href="#${opAnchor(o.op)}"><span class="method method-${o.method}">${o.method.toUpperCase()}</span> ${o.path}</a></li>`)}</ul></li>`)}<li><a href="#shapes">Shapes</a></li></ul>
</nav>
<main id="main">
${tags.map((tag) => html`<section class="tag"><h2>${tag}</h2>${ops.filter((o) => (o.op.tags as string[])[0] === tag).map((o) => operationSection(o.method, o.path, o.op))}</section>`)}
<section class="tag" id="shapes"><h2>Shapes</h2>${Object.entries(schemas).map(([name, s]) => schemaSection(name, s))}</section>
</main>
</body>
</html>
`;
  return page instanceof Markup ? page.html : String(page);
}
