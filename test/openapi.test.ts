// The API's description: a valid OpenAPI 3.1 document (checked by a real validator) that names every
// route the app serves and no other; examples taken from the seed that are true today and valid
// against their own schemas; the reference page; and the hook (test/support/answers-match-spec.ts)
// that checks every answer of the suite against the document, shown to fail on a wrong answer.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import express from 'express';
import request from 'supertest';
import { openApiDocument, openApiPath } from '../server/http/openapi/document';
import { OPERATIONS } from '../server/http/openapi/operations';
import { generateExamples } from '../scripts/api-examples';
import { servedRoutes } from './support/served-routes';
import { testApp, type TestApp } from './helpers';
import fs from 'node:fs';
import { EXAMPLES_FILE } from '../server/http/openapi/document';

type Json = Record<string, unknown>;
const doc = openApiDocument() as Json & { paths: Record<string, Record<string, Json>>; components: { schemas: Record<string, Json> } };

let t: TestApp;
beforeAll(() => {
  t = testApp();
});
afterAll(() => t.close());

test('the document is valid OpenAPI 3.1 (the specification\'s own schema, by @seriousme/openapi-schema-validator)', async () => {
  const run = spawnSync(process.execPath, [path.join(__dirname, 'support', 'validate-openapi.mjs')], { input: JSON.stringify(doc), encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(JSON.parse(run.stdout)).toEqual({ valid: true, version: '3.1', errors: null });
  // And it does fail a broken document: an answer without its description.
  const broken = JSON.parse(JSON.stringify(doc)) as typeof doc;
  delete (broken.paths['/api/health']!.get!.responses as Record<string, Json>)['200']!.description;
  const bad = spawnSync(process.execPath, [path.join(__dirname, 'support', 'validate-openapi.mjs')], { input: JSON.stringify(broken), encoding: 'utf8' });
  expect(JSON.parse(bad.stdout)).toMatchObject({ valid: false });
});

test('every route the app serves is in the document, and every operation of the document is served', () => {
  const served = servedRoutes(t.app).map((r) => `${r.method} ${openApiPath(r.path)}`).sort();
  const documented = Object.entries(doc.paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`)).sort();
  expect(served.length).toBeGreaterThanOrEqual(24);
  expect(served).toEqual(documented);
  // Every operation has an id, a summary, and its error answers in the one shape.
  for (const op of OPERATIONS) {
    expect([op.id, op.summary.length > 0]).toEqual([op.id, true]);
    for (const [status, a] of Object.entries(op.answers)) {
      if (Number(status) >= 400 && Number(status) !== 503) expect([op.id, status, a.json]).toEqual([op.id, status, expect.anything()]);
    }
  }
});

test('GET /api/openapi.json serves the document', async () => {
  const res = await t.http.get('/api/openapi.json');
  expect([res.status, res.headers['content-type']]).toEqual([200, 'application/json; charset=utf-8']);
  expect(res.body).toEqual(JSON.parse(JSON.stringify(doc)));
});

test('the examples are the seed\'s answers today (npm run generate:api-examples), and each validates against its schema', async () => {
  const committed = JSON.parse(fs.readFileSync(EXAMPLES_FILE, 'utf8')) as Json;
  expect(committed).toEqual(await generateExamples());
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'urn:tally:doc', components: doc.components } as Json);
  let checked = 0;
  for (const [p, methods] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(methods)) {
      const media = [
        ...Object.values((op.responses ?? {}) as Record<string, Json>).map((a) => (a.content as Record<string, Json> | undefined)?.['application/json']),
        ((op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined)?.['application/json'],
      ];
      for (const one of media) {
        if (!one || !('example' in one)) continue;
        const v = ajv.compile({ $ref: `urn:tally:doc${String((one.schema as Json).$ref)}` });
        expect([m, p, v(one.example), v.errors ?? null]).toEqual([m, p, true, null]);
        checked++;
      }
    }
  }
  expect(checked).toBeGreaterThanOrEqual(18);
  // The AFP 61 of the seed is the example of a report.
  expect(committed.report).toMatchObject({ source: 'AFP', value: 61, period_start: '2021-01-01', date: '2021-12-02' });
});

test('/api/docs is a readable page of every operation and shape, under the strict CSP, without script or inline style', async () => {
  const res = await t.http.get('/api/docs');
  expect([res.status, res.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
  const csp = String(res.headers['content-security-policy']);
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("style-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  expect(res.text).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
  for (const op of OPERATIONS) expect(res.text).toContain(`id="op-${op.id}"`);
  for (const name of Object.keys(doc.components.schemas)) expect(res.text).toContain(`id="schema-${name}"`);
  expect(res.text).toContain('<link rel="stylesheet" href="/docs.css">');
  expect((await t.http.get('/docs.css')).status).toBe(200);
});

describe('the hook that checks every answer of the suite', () => {
  // An app that answers a documented route wrongly: the request itself must fail.
  const wrong = express();
  wrong.get('/api/health', (_req, res) => {
    res.json({ ok: 'yes' });
  });
  wrong.get('/api/facets', (_req, res) => {
    res.status(418).json({ error: 'internal', message: 'teapot' });
  });
  wrong.get('/api/series', (_req, res) => {
    res.type('text/plain').send('61');
  });
  wrong.get('/api/nowhere', (_req, res) => {
    res.status(404).json({ missing: true });
  });

  test.each([
    ['/api/health', /does not match Health/],
    ['/api/facets', /documents no 418 answer/],
    ['/api/series', /answered text\/plain, documented application\/json/],
    ['/api/nowhere', /an undocumented path answered JSON that is not an Error/],
  ])('a wrong answer of %s fails the test that received it', async (p, message) => {
    await expect(request(wrong).get(p)).rejects.toThrow(message);
  });

  test('a right answer passes', async () => {
    const res = await t.http.get('/api/health');
    expect(res.body).toEqual({ ok: true, reports: 0 });
  });
});
