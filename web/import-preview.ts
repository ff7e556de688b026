// The import dialog's preview: the first reports exactly as they would be stored (every field, as the
// server answers it), the rejected rows among them with each error in the column of the field at
// fault beside the cell that caused it, and the errors further down the file below.
import { REPORT_INPUT_FIELDS } from '../server/domain/report-fields';
import type { ImportRejection, MapStats, StoredFields } from './api';
import { h, table } from './dom';
import { formatNumber, plural } from './format';

export const PREVIEW_ROWS = 20;
const MORE_ERRORS = 100;

type Entry = { kind: 'report'; line: number; template: string | null; report: StoredFields } | { kind: 'error'; line: number; template: string | null; rejections: ImportRejection[] };

/** One line of counts: rows read, reports, errors, rows skipped. */
export function statsLine(s: MapStats): string {
  const parts = [`${plural(s.rows, 'row')} read`, plural(s.reports, 'report'), plural(s.rejected, 'error')];
  if (s.blank) parts.push(`${formatNumber(s.blank)} blank`);
  if (s.filtered) parts.push(`${formatNumber(s.filtered)} left out by the recipe’s filters`);
  if (s.empty_figures) parts.push(`${plural(s.empty_figures, 'empty figure cell')} (no report)`);
  return parts.join(' · ');
}

function errorCell(rs: ImportRejection[], field: string): HTMLTableCellElement {
  const r = rs.find((x) => field in x.fields)!;
  return h('td', { class: 'preview-bad', 'data-field': field },
    r.cell !== undefined ? h('span', { class: 'preview-cell' }, `“${r.cell}”`) : null,
    r.column !== undefined ? h('span', { class: 'preview-column' }, ` in column ${r.column}`) : null,
    h('span', { class: 'preview-message', role: 'note' }, r.fields[field]!.join('; ')));
}

/** The rejections of one line and template together: one row, each error in its field's column. */
function grouped(rejected: ImportRejection[]): Extract<Entry, { kind: 'error' }>[] {
  const out = new Map<string, Extract<Entry, { kind: 'error' }>>();
  for (const r of rejected) {
    const k = `${r.line}\u0000${r.template ?? ''}`;
    const g = out.get(k);
    if (g) g.rejections.push(r);
    else out.set(k, { kind: 'error', line: r.line, template: r.template ?? null, rejections: [r] });
  }
  return [...out.values()];
}

/** The first reports and the rejections among them (or, with no report yet, the first rows' errors),
 *  then the errors further down. */
export function previewTables(reports: { line: number; template: string | null; report: StoredFields }[], rejected: ImportRejection[], caption?: string): HTMLElement {
  const lastLine = reports.length ? reports[reports.length - 1]!.line : -Infinity;
  const groups = grouped(rejected);
  const shownGroups = reports.length ? groups.filter((g) => g.line <= lastLine) : groups.slice(0, PREVIEW_ROWS);
  const entries: Entry[] = [...reports.map((r) => ({ kind: 'report' as const, ...r })), ...shownGroups].sort((a, b) => a.line - b.line);
  const shownErrors = new Set(shownGroups.flatMap((g) => g.rejections));
  const faults = (e: Extract<Entry, { kind: 'error' }>) => e.rejections.flatMap((r) => Object.keys(r.fields));
  // Every field some shown report has, or some shown error is about, in the report's own order.
  const used = REPORT_INPUT_FIELDS.filter((f) => entries.some((e) => (e.kind === 'report' ? e.report[f] !== null && e.report[f] !== undefined : faults(e).includes(f))));
  const isField = (f: string) => (REPORT_INPUT_FIELDS as readonly string[]).includes(f);
  const other = entries.some((e) => e.kind === 'error' && faults(e).some((f) => !isField(f)));
  const rows = entries.map((e) => {
    if (e.kind === 'report') {
      return [String(e.line), e.template ?? '', ...used.map((f) => h('td', { 'data-field': f, class: typeof e.report[f] === 'number' ? 'num' : null }, e.report[f] === null ? '' : String(e.report[f]))), ...(other ? [''] : [])];
    }
    const elsewhere = e.rejections.flatMap((r) => Object.entries(r.fields).filter(([f]) => !isField(f)).map(([f, m]) => `${f}: ${m.join('; ')}`));
    return [String(e.line), e.template ?? '', ...used.map((f) => (faults(e).includes(f) ? errorCell(e.rejections, f) : '')),
      ...(other ? [elsewhere.length ? h('td', { class: 'preview-bad' }, elsewhere.join('; ')) : ''] : [])];
  });
  const title = caption ?? (reports.length
    ? `${plural(reports.length, 'report')} from line ${reports[0]!.line} on, with the errors among them`
    : 'No report yet: the first rows’ errors, each beside its cell');
  const t = table(title, ['Line', 'Report', ...used, ...(other ? ['Other'] : [])], rows, { class: 'data-table compact preview-table', id: 'im-preview-table' });
  t.querySelectorAll('tbody tr').forEach((tr, i) => {
    const e = entries[i]!;
    tr.setAttribute('data-line', String(e.line));
    if (e.kind === 'error') tr.classList.add('preview-error-row');
  });
  const later = rejected.filter((r) => !shownErrors.has(r)).slice(0, MORE_ERRORS);
  return h('div', { class: 'import-preview' },
    h('div', { class: 'table-scroll' }, t),
    later.length ? h('div', { class: 'table-scroll' }, table(`Errors further down the file${later.length === MORE_ERRORS ? ` (the first ${MORE_ERRORS})` : ''}`, ['Line', 'Column', 'Cell', 'Report', 'Problem'],
      later.map((r) => [String(r.line), r.column ?? '', r.cell ?? '', r.template ?? '', Object.entries(r.fields).map(([f, m]) => `${f}: ${m.join('; ')}`).join('; ')]),
      { class: 'data-table compact import-errors', id: 'im-more-errors' })) : null);
}
