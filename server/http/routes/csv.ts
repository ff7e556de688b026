// CSV: the export of a filtered view (the import is routes/import.ts).
import { ExportQuery } from '../../domain/queries';
import { exportFileName, exportSnapshot } from '../../csv/export';
import type { GuardedRouter } from '../access';
import { parseQuery } from '../request';
import type { RouteContext } from './context';

export function csvRoutes(r: GuardedRouter, { store }: RouteContext): void {
  r.get('/reports.csv', async (req, res) => {
    const { bom, hxl, download, sort: _sort, ...filter } = parseQuery(ExportQuery, req);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    if (download) res.attachment(exportFileName(filter));
    await exportSnapshot(store, filter, res, { bom, hxl });
    res.end();
  });
}
