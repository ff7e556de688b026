// How a report is read from and written to its row: the column list, row readers and input columns.
import type { Kind, Metric, Report, ReportInput } from '../../domain/report';
import { REPORT_INPUT_FIELDS } from '../../domain/report';
import { TALLY_FIELDS, type TallyFields } from '../../domain/figure-types';

export interface ReportRow extends Report { deleted: 0 | 1 }

export const COLUMNS = ['id', ...REPORT_INPUT_FIELDS, 'created_at', 'updated_at', 'revision'] as const;
export const SELECT_REPORT = `SELECT ${COLUMNS.join(', ')}, deleted FROM reports`;
/** For queries that filter on `deleted` themselves: rows come back as plain Report objects, with no
 *  copy to drop a column (a rest-spread copy made the figures' read about 3× slower). */
export const SELECT_PLAIN = `SELECT ${COLUMNS.join(', ')} FROM reports`;

/** A report from a raw row holding COLUMNS in order from index `at`. */
export function reportOfRow(row: readonly unknown[], at: number): Report {
  return {
    id: row[at] as number, date: row[at + 1] as string, date_precision: row[at + 2] as Report['date_precision'],
    period_start: row[at + 3] as string | null, source: row[at + 4] as string, via: row[at + 5] as string | null,
    party: row[at + 6] as string, metric: row[at + 7] as Metric, kind: row[at + 8] as Kind, value: row[at + 9] as number | null,
    qualifier: row[at + 10] as Report['qualifier'], low: row[at + 11] as number | null, high: row[at + 12] as number | null,
    location: row[at + 13] as string | null, event: row[at + 14] as string | null, reported_on: row[at + 15] as string | null,
    url: row[at + 16] as string | null, quote: row[at + 17] as string | null, notes: row[at + 18] as string | null,
    created_at: row[at + 19] as string, updated_at: row[at + 20] as string, revision: row[at + 21] as number,
  };
}

/** A tally's shown fields from a raw row holding TALLY_FIELDS in order from index `at`. */
export function tallyFieldsOfRow(row: readonly unknown[], at: number): TallyFields {
  return {
    id: row[at] as number, source: row[at + 1] as string, party: row[at + 2] as string, metric: row[at + 3] as Metric,
    kind: row[at + 4] as Kind, date: row[at + 5] as string, date_precision: row[at + 6] as Report['date_precision'],
    period_start: row[at + 7] as string | null, value: row[at + 8] as number | null, qualifier: row[at + 9] as Report['qualifier'],
    low: row[at + 10] as number | null, high: row[at + 11] as number | null, reported_on: row[at + 12] as string | null,
  };
}

// reportOfRow and tallyFieldsOfRow name the columns by position: they must follow their lists exactly.
for (const [list, of] of [[COLUMNS, reportOfRow], [TALLY_FIELDS, tallyFieldsOfRow]] as const) {
  const names = of(list, 0) as unknown as Record<string, unknown>;
  if (Object.entries(names).some(([k, v]) => k !== v) || Object.keys(names).length !== list.length) {
    throw new Error('a row reader does not follow its column list');
  }
}

export function toReport(row: ReportRow): Report {
  const { deleted: _deleted, ...report } = row;
  return report;
}

/** The row values of an input, null where absent. */
export function columnsOf(input: ReportInput): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  for (const f of REPORT_INPUT_FIELDS) out[f] = input[f] ?? null;
  return out;
}

/** True when a stored report already holds exactly these input fields. */
export function sameInput(report: Report, input: ReportInput): boolean {
  const cols = columnsOf(input);
  return REPORT_INPUT_FIELDS.every((f) => report[f] === cols[f]);
}
