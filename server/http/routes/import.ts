// Imports over HTTP (DESIGN.md "Interfaces" CSV, "Bringing data in: recipes"): our own CSV, a file
// with an HXL row (it maps itself), or any file with a recipe — a form with `recipe` then `file`, or
// the file as the body with ?recipe=NAME. Every import is stored by the route context's runner
// (`imports.run`); the preview maps a file with a recipe and stores nothing.
import type { Request } from 'express';
import type { Readable } from 'node:stream';
import { csvKindOf, formatOfFile, HEAD_BYTES } from '../../domain/import-kind';
import { ImportPreviewQuery, ImportQuery } from '../../domain/queries';
import { parseRecipe, type Recipe } from '../../domain/recipe';
import { REPORT_INPUT_FIELDS, type FieldErrors, type ReportInput } from '../../domain/report';
import { csvRecords } from '../../csv/import';
import { CsvFormatError } from '../../csv/parse';
import type { MappedRecord } from '../../import/types';
import { RecipeFileError, findRecipe, mapFile, peekHead, preview, type MapStats } from '../../recipes';
import { BodyTooLargeError, limitedBody } from '../byte-limit';
import { ApiError, validationFailed } from '../errors';
import { FORM_FIELD_LIMIT, readImportForm } from '../import-form';
import type { GuardedRouter } from '../access';
import { authorOf } from '../auth';
import { actorNeeded, parseQuery } from '../request';
import type { RouteContext } from './context';

/** How many reports a dry run shows, as they would be stored. */
export const DRY_RUN_REPORTS = 20;

/** A file with an HXL row and no recipe: the tags map it. */
const HXL_ONLY: Recipe = { format: 'csv' };

/** A report input with every field, null where absent: how it would be stored and read back. */
function asStored(input: ReportInput): Record<string, unknown> {
  return Object.fromEntries(REPORT_INPUT_FIELDS.map((f) => [f, input[f] ?? null]));
}

/** The records, with the first `n` reports kept in `into` as they pass. */
async function* keepingFirst(records: AsyncIterable<MappedRecord>, into: Record<string, unknown>[], n: number): AsyncGenerator<MappedRecord> {
  for await (const r of records) {
    if (r.ok && into.length < n) into.push({ line: r.line, template: r.template ?? null, report: asStored(r.input) });
    yield r;
  }
}

const prefixed = (fields: FieldErrors, prefix: string): FieldErrors =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [`${prefix}${k}`, v]));

interface Upload {
  recipe: Recipe | null;
  /** The file, cut off past its limit (BodyTooLargeError). */
  body: Readable;
  /** The file's name, when a form gave one. */
  name: string | null;
  tooLarge: () => ApiError;
}

export function importRoutes(r: GuardedRouter, { store, options, imports }: RouteContext): void {
  const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`);
  const tooLarge = (format: Recipe['format'] | null) => (format === 'xlsx'
    ? new ApiError('payload_too_large', `The workbook is larger than this server reads over HTTP (${size(options.importXlsxLimitBytes)} for .xlsx): a sheet is read whole, at about 40 MB of memory per MB of workbook. Save the sheet as CSV (up to ${size(options.importLimitBytes)} here, read as it arrives) or use npm run import, which has no limit.`)
    : new ApiError('payload_too_large', `The file is larger than this server accepts over HTTP (${size(options.importLimitBytes)}); use npm run import for larger files.`));

  /** A recipe given as JSON text (a form field) or as the name of a saved or shipped one. */
  function resolveRecipe(spec: string): Recipe {
    const text = spec.trim();
    let doc: unknown;
    if (text.startsWith('{')) {
      try {
        doc = JSON.parse(text);
      } catch (e) {
        throw validationFailed({ recipe: [`is not valid JSON (${(e as Error).message})`] }, 'recipe');
      }
    } else {
      const saved = findRecipe(store, text);
      if (!saved) throw validationFailed({ recipe: [`no recipe is named "${text.slice(0, 100)}" (GET /api/recipes lists them); or send the recipe itself as JSON`] }, 'request');
      doc = saved.recipe;
    }
    const parsed = parseRecipe(doc);
    if (!parsed.ok) throw validationFailed(prefixed(parsed.fields, 'recipe.'), 'recipe');
    return parsed.recipe;
  }

  /** The file and its recipe, from a form or from the body and the query string. */
  async function openUpload(req: Request, queryRecipe: string | undefined, recipeRequired: boolean): Promise<Upload> {
    const declared = Number(req.get('content-length') ?? 0);
    let raw: Readable;
    let name: string | null = null;
    let spec = queryRecipe;
    if (req.is('multipart/form-data')) {
      // The form's own parts (the recipe, boundaries) come on top of the file.
      if (declared > options.importLimitBytes + FORM_FIELD_LIMIT + 16 * 1024) throw tooLarge(null);
      const form = await readImportForm(req, options.importLimitBytes);
      raw = form.file.stream;
      name = form.file.name;
      if (form.fields.recipe !== undefined) {
        if (queryRecipe !== undefined) {
          raw.resume();
          throw validationFailed({ recipe: ['is given twice: in the form and in the query string'] }, 'request');
        }
        spec = form.fields.recipe;
      }
    } else {
      raw = req;
      if (spec === undefined && !req.is('text/csv')) {
        throw new ApiError('unsupported_media_type', recipeRequired
          ? 'Send a form (multipart/form-data) with "recipe" and "file", or the file as the body with ?recipe=NAME.'
          : 'Send the file as CSV (Content-Type: text/csv); any other file with a recipe: a form (multipart/form-data) with "recipe" and "file", or the file as the body with ?recipe=NAME.');
      }
    }
    if (spec === undefined && recipeRequired) {
      raw.resume();
      throw validationFailed({ recipe: ['required: a recipe as JSON, or the name of a saved one'] }, 'request');
    }
    let recipe: Recipe | null = null;
    try {
      recipe = spec === undefined ? null : resolveRecipe(spec);
    } catch (e) {
      raw.resume();
      throw e;
    }
    const format = recipe?.format ?? null;
    const limit = format === 'xlsx' ? options.importXlsxLimitBytes : options.importLimitBytes;
    if (raw === req && declared > limit) throw tooLarge(format);
    return { recipe, body: limitedBody(raw, limit), name, tooLarge: () => tooLarge(format) };
  }

  /** A failure while the file is read, as the error the client is given. */
  function fileError(e: unknown, up: Upload): unknown {
    if (e instanceof BodyTooLargeError) return up.tooLarge();
    if (e instanceof CsvFormatError) return new ApiError('invalid_csv', e.message, undefined, { line: e.line });
    if (!(e instanceof RecipeFileError)) return e;
    const line = e.line === undefined ? {} : { line: e.line };
    if (e.fields) return new ApiError('validation_failed', e.message, prefixed(e.fields, 'recipe.'), line);
    switch (up.recipe?.format ?? 'csv') {
      case 'csv': return new ApiError('invalid_csv', e.message, undefined, line);
      case 'json':
      case 'ndjson': return new ApiError('invalid_json', e.message, undefined, line);
      case 'xlsx': return new ApiError('validation_failed', e.message, { file: [e.message] }, line);
    }
  }

  // Where the import under way is (the import dialog polls this while the server stores a file).
  r.get('/import/progress', (_req, res) => {
    const p = imports.current();
    res.setHeader('Cache-Control', 'no-store');
    res.json(p === null ? { running: false } : { running: true, ...p, seconds_left: imports.phaseLeft() });
  });

  r.post('/import', async (req, res) => {
    const q = parseQuery(ImportQuery, req);
    const up = await openUpload(req, q.recipe, false);
    let stats: MapStats | null = null;
    const first: Record<string, unknown>[] = [];
    let result;
    let body = up.body;
    try {
      let records: AsyncIterable<MappedRecord>;
      let recipe = up.recipe;
      if (!recipe) {
        // Our own CSV, unless it is someone else's with an HXL row under its header.
        const peek = await peekHead(up.body, HEAD_BYTES);
        body = peek.stream;
        const text = new TextDecoder().decode(peek.head);
        const format = formatOfFile(up.name ?? '', peek.head, text);
        if (format !== 'csv') {
          body.resume();
          throw validationFailed({ recipe: [`required for ${format === 'xlsx' ? 'a workbook (.xlsx)' : `a ${format.toUpperCase()} file`}: send it in the form before the file, or name a saved one with ?recipe=NAME`] }, 'request');
        }
        if (csvKindOf(text, peek.whole).kind === 'hxl') recipe = HXL_ONLY;
      }
      if (recipe) {
        const mapped = mapFile(recipe, body);
        stats = mapped.stats;
        records = mapped.records;
      } else {
        records = csvRecords(body, { ids: q.ids });
      }
      result = await imports.run(keepingFirst(records, first, q.dry_run ? DRY_RUN_REPORTS : 0), {
        who: authorOf(actorNeeded(res)), dryRun: q.dry_run, keyFields: recipe?.key,
      });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'busy') {
        body.resume();
        res.setHeader('Retry-After', String(imports.holdingFor() ?? 10));
      }
      throw fileError(e, up);
    }
    const mapping = stats ? { stats } : {};
    if (result.rejected.length > 0) {
      const n = result.rejected.length;
      throw new ApiError('import_rejected', `${n} row${n === 1 ? ' was' : 's were'} rejected, so nothing was stored; fix ${n === 1 ? 'it' : 'them'} and import again.`, undefined, { ...result, ...mapping });
    }
    res.json({ ...result, dry_run: q.dry_run, ...mapping, ...(stats && q.dry_run ? { reports: first } : {}) });
  });

  r.post('/import/preview', async (req, res) => {
    const q = parseQuery(ImportPreviewQuery, req);
    const up = await openUpload(req, q.recipe, true);
    let p;
    try {
      p = await preview(up.recipe!, up.body, q.rows);
    } catch (e) {
      throw fileError(e, up);
    }
    res.json({
      reports: p.reports.map((x) => ({ line: x.line, template: x.template, report: asStored(x.input) })),
      rejected: p.rejected.map(({ ok: _ok, ...x }) => x),
      stats: p.stats,
      columns: p.columns,
      hxl: p.hxl && { tags: p.hxl.tags, ignored: p.hxl.ignored },
      problem: p.problem && { ...p.problem, fields: prefixed(p.problem.fields, 'recipe.') },
    });
  });
}
