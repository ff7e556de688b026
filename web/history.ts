// The history of one report: every revision (create, update, delete, restore), who made it (the
// account, by its name then; the bootstrap token; or, before accounts, the name typed at sign-in) and
// when, and what changed from the revision before (field by field, as stored). Also as a CSV file.
import { REPORT_INPUT_FIELDS, type Report, type ReportInputField } from '../server/domain/report-fields';
import { describeError, writeApi, type Revision } from './api';
import { openModal } from './dialogs';
import { h, message, replace } from './dom';
import { formatDay, formatFigure } from './format';
import { FIELD_LABELS, QUALIFIER_LABELS } from './report-form';

const ACTION_WORDS: Record<string, string> = { create: 'Created', update: 'Changed', delete: 'Deleted', restore: 'Restored' };

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });

function shown(field: ReportInputField, v: unknown): string {
  if (v === null || v === undefined || v === '') return '(empty)';
  if (field === 'qualifier') return QUALIFIER_LABELS[String(v)] ?? String(v);
  return String(v);
}

/** The fields that differ between two snapshots of a report. */
export function changes(before: Report, after: Report): { field: ReportInputField; from: string; to: string }[] {
  return REPORT_INPUT_FIELDS
    .filter((f) => (before[f] ?? null) !== (after[f] ?? null))
    .map((f) => ({ field: f, from: shown(f, before[f]), to: shown(f, after[f]) }));
}

function summaryOf(r: Report): string {
  const period = r.kind === 'tally' && r.period_start ? `${formatDay(r.period_start)} – ` : '';
  return `${r.source}: ${formatFigure(r)} ${r.metric} (${r.party}), ${r.kind}, ${period}${formatDay(r.date, r.date_precision)}`;
}

/** Who made a revision, as the history words it. */
function whoOf(rev: Revision): (Node | string)[] {
  const name = h('span', { class: 'revision-who' }, rev.actor === 'bootstrap' ? 'the bootstrap token' : rev.who);
  if (rev.legacy) return [name, h('span', { class: 'revision-legacy', title: 'Made with the shared write token, before accounts: the name was typed at sign-in, not checked.' }, ' (name typed at sign-in, before accounts)')];
  if (rev.actor === 'system') return [name, h('span', { class: 'revision-legacy' }, ' (the server)')];
  return [name];
}

function revisionItem(rev: Revision, previous: Revision | undefined): HTMLElement {
  const at = new Date(rev.at);
  const head = h('p', { class: 'revision-head' },
    h('strong', {}, `Revision ${rev.revision}: ${ACTION_WORDS[rev.action] ?? rev.action}`),
    ' by ', ...whoOf(rev),
    ', ', h('time', { datetime: rev.at }, Number.isNaN(at.getTime()) ? rev.at : when.format(at)));
  let body: Node;
  if (rev.action === 'create' || !previous) {
    body = h('p', { class: 'revision-what' }, summaryOf(rev.report));
  } else if (rev.action === 'update') {
    const diff = changes(previous.report, rev.report);
    body = diff.length
      ? h('ul', { class: 'revision-changes' }, ...diff.map((d) => h('li', { 'data-field': d.field },
        h('span', { class: 'change-field' }, `${FIELD_LABELS[d.field]}: `),
        h('span', { class: 'change-from' }, d.from), h('span', { 'aria-hidden': 'true' }, ' → '),
        h('span', { class: 'visually-hidden' }, ' changed to '), h('span', { class: 'change-to' }, d.to))))
      : h('p', { class: 'revision-what muted' }, 'No field changed.');
  } else {
    body = h('p', { class: 'revision-what muted' }, rev.action === 'delete' ? 'Hidden from every view, figure and export.' : 'Shown again.');
  }
  return h('li', { class: `revision revision-${rev.action}`, 'data-revision': rev.revision }, head, body);
}

/** Opens the history of report `id` (newest revision first). */
export async function openHistory(id: number): Promise<void> {
  const m = openModal({ id: 'history-dialog', title: `History of report #${id}`, wide: true });
  const close = h('button', { type: 'button', class: 'button button-quiet', onclick: () => m.close() }, 'Close');
  const csv = h('a', { class: 'button button-quiet', id: 'history-csv', href: writeApi.historyCsvUrl(id), download: '' }, 'Download as CSV');
  m.foot.append(close, csv);
  m.body.append(message('loading', 'Loading the history…'));
  close.focus();
  try {
    const { items } = await writeApi.history(id);
    const list = h('ol', { class: 'history', reversed: true },
      ...items.map((rev, i) => revisionItem(rev, items[i - 1])).reverse());
    const latest = items[items.length - 1];
    replace(m.body,
      latest ? h('p', { class: 'history-intro' }, `${summaryOf(latest.report)}. ${items.length} revision${items.length === 1 ? '' : 's'}, newest first.`) : null,
      list);
  } catch (e) {
    replace(m.body, message('error', describeError(e)));
  }
}
