// The API's own description: the OpenAPI document and its reference page.
import type { GuardedRouter } from '../access';
import { openApiDocument } from '../openapi/document';
import { docsPage } from '../openapi/docs-page';
import type { RouteContext } from './context';

export function openApiRoutes(r: GuardedRouter, _context: RouteContext): void {
  let page: string | undefined;
  r.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });
  r.get('/docs', (_req, res) => {
    page ??= docsPage(openApiDocument());
    res.type('html').send(page);
  });
}
