// One hook over every API test (jest setupFilesAfterEnv): each answer a test receives through
// supertest is checked against the OpenAPI document, for its route and status: a JSON body must
// validate against the documented schema (ajv, JSON Schema 2020-12, formats checked), a status the
// route does not document fails, and so does a media type other than the documented one. The test
// that made the request fails with the mismatch. A path the document does not know may only answer a
// JSON error (404 and the like) or be a static file of the dashboard.
import request from 'supertest';
import type { Response } from 'superagent';
import { answerMismatch } from './spec-check';

type AssertFn = (this: { method: string; url: string }, resError: unknown, res: Response | undefined, fn?: (err: unknown, res: Response | undefined) => void) => void;
const proto = request.Test.prototype as unknown as { assert: AssertFn; method: string; url: string };
const original = proto.assert;

proto.assert = function assert(this: { method: string; url: string }, resError, res, fn) {
  original.call(this, resError, res, (err, r) => {
    let failure = err;
    if (!failure && r) {
      const problem = answerMismatch(this.method, this.url, r.status, r.headers as Record<string, string>, r.text, r.body);
      if (problem) failure = new Error(`answer does not match the OpenAPI document: ${problem}`);
    }
    fn?.call(this, failure, r);
  });
};
