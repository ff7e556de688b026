// CSV: the export of a filtered view (the import is routes/import.ts).
import type { Router } from 'express';
import { ExportQuery } from '../../domain/queries';
import { exportFileName, exportSnapshot } from '../../csv/export';
import { parseQuery } from '../request';
import type { RouteContext } from './context';

export function csvRoutes(r: Router, { store }: RouteContext): void {
  r.get('/reports.csv', async (req, res) => {
    const { bom, hxl, download, sort: _sort, ...filter } = parseQuery(ExportQuery, req);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    if (download) res.attachment(exportFileName(filter));
    await exportSnapshot(store, filter, res, { bom, hxl });
    res.end();
  });
}
