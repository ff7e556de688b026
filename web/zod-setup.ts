// Imported first by web/main.ts: zod 4 probes `new Function` when it builds an object schema unless
// told not to, and the page's Content-Security-Policy (no 'unsafe-eval') reports that as a violation.
// ES modules run their imports before their own body, so this must be a module of its own, imported
// before anything that builds a schema (server/domain/report.ts builds them on load).
import { z } from 'zod';

z.config({ jitless: true });
