// CSV: the export of a filtered view, and the import (all or nothing, with a dry run).
import { ExportQuery, ImportQuery } from '../../domain/queries';
import { exportFileName, exportSnapshot } from '../../csv/export';
import { csvRecords } from '../../csv/import';
import { CsvFormatError } from '../../csv/parse';
import { limitedBody, BodyTooLargeError } from '../byte-limit';
import type { GuardedRouter } from '../access';
import { authorOf } from '../auth';
import { ApiError } from '../errors';
import { actorNeeded, parseQuery } from '../request';
import type { RouteContext } from './context';

export function csvRoutes(r: GuardedRouter, { store, options, imports }: RouteContext): void {
  r.get('/reports.csv', async (req, res) => {
    const { bom, hxl, download, sort: _sort, ...filter } = parseQuery(ExportQuery, req);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    if (download) res.attachment(exportFileName(filter));
    await exportSnapshot(store, filter, res, { bom, hxl });
    res.end();
  });

  // Where the import under way is (the import dialog polls this while the server stores a file).
  r.get('/import/progress', (_req, res) => {
    const p = imports.current();
    res.setHeader('Cache-Control', 'no-store');
    res.json(p === null ? { running: false } : { running: true, ...p, seconds_left: imports.holdingFor() });
  });

  r.post('/import', async (req, res) => {
    if (!req.is('text/csv')) throw new ApiError('unsupported_media_type', 'Send the file as CSV (Content-Type: text/csv).');
    const q = parseQuery(ImportQuery, req);
    const declared = Number(req.get('content-length') ?? 0);
    const tooLarge = () => new ApiError('payload_too_large', `The file is larger than this server accepts over HTTP (${Math.round(options.importLimitBytes / 1e6)} MB); use npm run import for larger files.`);
    if (declared > options.importLimitBytes) throw tooLarge();
    let result;
    try {
      result = await imports.run(csvRecords(limitedBody(req, options.importLimitBytes), { ids: q.ids }), { who: authorOf(actorNeeded(res)), dryRun: q.dry_run });
    } catch (e) {
      if (e instanceof CsvFormatError) throw new ApiError('invalid_csv', e.message, undefined, { line: e.line });
      if (e instanceof BodyTooLargeError) throw tooLarge();
      throw e;
    }
    if (result.rejected.length > 0) {
      const n = result.rejected.length;
      throw new ApiError('import_rejected', `${n} row${n === 1 ? ' was' : 's were'} rejected, so nothing was stored; fix ${n === 1 ? 'it' : 'them'} and import again.`, undefined, { ...result });
    }
    res.json({ ...result, dry_run: q.dry_run });
  });
}
