// The CSV of one report's history: one line per revision, who made it (the account by id and its name
// then, or what kind of writer it was) and the whole report as it was after it. The same conventions as
// the export (server/csv/export.ts): RFC 4180, CRLF, text cells a spreadsheet would run as a formula
// neutralised with a leading '.
import { CSV_COLUMNS, csvLine, neutraliseCell, reportToCsvFields } from '../domain/csv';
import type { Revision } from '../db/store';

export const HISTORY_CSV_COLUMNS = ['revision', 'action', 'at', 'who', 'actor', 'account_id', 'account_name', ...CSV_COLUMNS] as const;

export function historyCsv(revisions: readonly Revision[]): string {
  let out = csvLine(HISTORY_CSV_COLUMNS);
  for (const r of revisions) {
    out += csvLine([
      String(r.revision), r.action, r.at, neutraliseCell(r.who), r.actor, r.account_id === null ? '' : String(r.account_id),
      r.account_name === null ? '' : neutraliseCell(r.account_name), ...reportToCsvFields(r.report),
    ]);
  }
  return out;
}
