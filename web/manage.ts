// Signed-in tools besides the form: the deleted reports (restore), renaming or merging a source or
// party across its reports (one operation, previewed with a dry run), and the CSV import (a dry run
// first, then the import itself). Every count shown is the server's answer.
import { RenameInput, fieldErrors, type Report } from '../server/domain/report';
import { ApiError, describeError, writeApi, type Facets, type ImportResult, type RenameResult } from './api';
import { fieldBlock, openModal, setFieldError } from './dialogs';
import { h, message, replace, table } from './dom';
import { formatDay, formatFigure, formatNumber, plural } from './format';
import { openHistory } from './history';
import { checkSession } from './session';
import { deletedHere } from './deleted-here';

/** Reports deleted from this page since it was opened: what the deleted view falls back on when the
 *  server lists deleted reports to the token only (see openDeleted). */

export interface ManageContext {
  facets: Facets | null;
  /** Something was stored: reload the facets and redraw the view. */
  changed(what: { renamed?: RenameResult; restored?: Report }): void;
  onUnauthorized(): void;
}

function unauthorized(e: unknown, ctx: ManageContext, close: () => void): boolean {
  if (e instanceof ApiError && e.status === 401) {
    close();
    ctx.onUnauthorized();
    return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Deleted reports

export function openDeleted(ctx: ManageContext): void {
  const m = openModal({ id: 'deleted-dialog', title: 'Deleted reports', wide: true });
  const status = h('p', { class: 'form-saved', role: 'status' });
  const list = h('div', { class: 'table-scroll' }, message('loading', 'Loading the deleted reports…'));
  const close = h('button', { type: 'button', class: 'button button-quiet', onclick: () => m.close() }, 'Close');
  m.body.append(h('p', { class: 'explain' }, 'Deleted reports are hidden from every view, figure and export, never erased. Restoring one brings it back as it was (a new revision).'), status, list);
  m.foot.append(close);
  close.focus();

  const draw = (items: Report[], total: number, note?: string) => {
    if (items.length === 0) {
      replace(list, note ? h('p', { class: 'form-note' }, note) : null, message('empty', 'No deleted reports.'));
      return;
    }
    const rows = items.map((r) => [
      `#${r.id}`,
      formatDay(r.date, r.date_precision),
      `${r.source}`,
      `${r.party} · ${r.metric} · ${r.kind}`,
      h('td', { class: 'num' }, formatFigure(r)),
      h('td', { class: 'actions' },
        h('button', { type: 'button', class: 'button button-small', 'data-restore': r.id, 'aria-label': `Restore report #${r.id}`, onclick: () => void restore(r) }, 'Restore'),
        h('button', { type: 'button', class: 'button button-quiet button-small', 'aria-label': `History of report #${r.id}`, onclick: () => void openHistory(r.id) }, 'History')),
    ]);
    const t = table(`${plural(total, 'deleted report')}`, ['Report', 'Date', 'Source', 'Party · metric · kind', 'Figure', 'Actions'], rows, { class: 'data-table deleted-table' });
    t.querySelectorAll('tbody tr').forEach((tr, i) => tr.setAttribute('data-report-id', String(items[i]!.id)));
    replace(list, note ? h('p', { class: 'form-note', id: 'deleted-note' }, note) : null, t);
  };
  const load = async () => {
    try {
      const page = await writeApi.deleted(1000);
      draw(page.items, page.total);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401 && (await checkSession()).signed_in) {
        // Still signed in: this server lists deleted reports to the token only. Restoring works with
        // the session, so the reports deleted from this page are offered.
        const here = [...deletedHere.values()].sort((a, b) => b.id - a.id);
        draw(here, here.length, `The server lists deleted reports only to the write token (“${e.message}”). Shown here: the reports deleted from this page since it was opened.`);
        return;
      }
      if (!unauthorized(e, ctx, () => m.close())) replace(list, message('error', describeError(e)));
    }
  };
  const restore = async (r: Report) => {
    try {
      const back = await writeApi.restore(r.id);
      deletedHere.delete(r.id);
      status.textContent = `Restored report #${back.id} (${back.source}: ${formatFigure(back)} ${back.metric}).`;
      ctx.changed({ restored: back });
      await load();
      close.focus();
    } catch (e) {
      if (!unauthorized(e, ctx, () => m.close())) status.textContent = `Not restored: ${describeError(e)}`;
    }
  };
  void load();
}

// ---------------------------------------------------------------------------------------------
// Rename or merge a source or party

export function openRename(ctx: ManageContext, preset?: { field: 'source' | 'party'; from: string }): void {
  const m = openModal({ id: 'rename-dialog', title: 'Rename or merge a source or party' });
  const fieldSel = h('select', { id: 'rn-field', name: 'field' },
    h('option', { value: 'source' }, 'Source'), h('option', { value: 'party' }, 'Party'));
  const from = h('select', { id: 'rn-from', name: 'from' });
  const to = h('input', { id: 'rn-to', name: 'to', type: 'text', maxlength: 200, autocomplete: 'off', list: 'rn-names' });
  const names = h('datalist', { id: 'rn-names' });
  const fField = fieldBlock('rn-field', 'What to rename', fieldSel);
  const fFrom = fieldBlock('rn-from', 'Current name', from, 'Every live report with this name changes.');
  const fTo = fieldBlock('rn-to', 'New name', to, 'An existing name merges the two (“UK MoD” into “UK Ministry of Defence”).');
  const preview = h('div', { class: 'rename-preview', id: 'rn-preview', role: 'status' });
  const problem = h('p', { class: 'form-problem', role: 'alert', hidden: true });
  const previewBtn = h('button', { type: 'submit', class: 'button', id: 'rn-preview-button' }, 'Preview');
  const apply = h('button', { type: 'button', class: 'button', id: 'rn-apply', hidden: true }, 'Rename');
  const form = h('form', { id: 'rename-form', class: 'form', novalidate: true }, problem, fField.wrap, fFrom.wrap, fTo.wrap, names, preview);
  m.body.append(form);
  m.foot.append(previewBtn, apply, h('button', { type: 'button', class: 'button button-quiet', onclick: () => m.close() }, 'Cancel'));
  previewBtn.setAttribute('form', 'rename-form');

  const list = () => (fieldSel.value === 'party' ? ctx.facets?.parties : ctx.facets?.sources) ?? [];
  const fillNames = () => {
    replace(from, ...list().map((x) => h('option', { value: x.name }, `${x.name} (${plural(x.reports, 'report')})`)));
    replace(names, ...list().map((x) => h('option', { value: x.name })));
  };
  let previewed: RenameResult | null = null;
  const reset = () => {
    previewed = null;
    apply.hidden = true;
    replace(preview);
  };
  fieldSel.addEventListener('change', () => {
    fillNames();
    reset();
  });
  from.addEventListener('change', reset);
  to.addEventListener('input', reset);
  if (preset) fieldSel.value = preset.field;
  fillNames();
  if (preset) from.value = preset.from;

  const body = () => ({ field: fieldSel.value, from: from.value, to: to.value });
  const show = (errors: Record<string, string[]>) => {
    setFieldError(fField, [fieldSel], errors.field ?? []);
    setFieldError(fFrom, [from], errors.from ?? []);
    setFieldError(fTo, [to], errors.to ?? []);
    const first = errors.field ? fieldSel : errors.from ? from : errors.to ? to : null;
    first?.focus();
    return first !== null;
  };
  const fail = (e: unknown) => {
    if (unauthorized(e, ctx, () => m.close())) return;
    if (e instanceof ApiError && Object.keys(e.fields).length) show(e.fields);
    else {
      problem.textContent = describeError(e);
      problem.hidden = false;
    }
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    problem.hidden = true;
    const parsed = RenameInput.safeParse({ ...body(), dry_run: true });
    if (!parsed.success) {
      show(fieldErrors(parsed.error.issues));
      return;
    }
    show({});
    writeApi.rename(parsed.data).then((r) => {
      previewed = r;
      const merging = list().find((x) => x.name === r.to);
      const what = r.field === 'party' ? 'party' : 'source';
      replace(preview,
        h('p', { class: 'preview-count' }, `${plural(r.reports, 'report')} will change ${what} from “${r.from}” to “${r.to}”, each as a new revision.`),
        merging ? h('p', {}, `“${r.to}” already has ${plural(merging.reports, 'report')}: the two ${what === 'party' ? 'parties' : 'sources'} are merged into one.`) : null);
      apply.textContent = `${merging ? 'Merge' : 'Rename'} ${plural(r.reports, 'report')}`;
      apply.hidden = r.reports === 0;
      if (r.reports === 0) preview.append(h('p', {}, 'Nothing to change.'));
      else apply.focus();
    }, fail);
  });

  apply.addEventListener('click', () => {
    if (!previewed) return;
    const p = previewed;
    apply.disabled = true;
    writeApi.rename({ field: p.field, from: p.from, to: p.to, dry_run: false }).then((r) => {
      m.close();
      ctx.changed({ renamed: r });
    }, (e: unknown) => {
      apply.disabled = false;
      fail(e);
    });
  });
  (preset ? to : fieldSel).focus();
}

// ---------------------------------------------------------------------------------------------
// CSV import: a dry run, then the import

function importSummary(r: Pick<ImportResult, 'inserted' | 'updated' | 'unchanged'>, dry: boolean): HTMLElement {
  const verb = dry ? 'would be' : 'were';
  return h('ul', { class: 'import-counts' },
    h('li', { 'data-count': 'inserted' }, h('strong', {}, formatNumber(r.inserted)), ` new ${r.inserted === 1 ? 'report' : 'reports'} ${dry ? 'would be added' : 'added'}`),
    h('li', { 'data-count': 'updated' }, h('strong', {}, formatNumber(r.updated)), ` ${r.updated === 1 ? 'report' : 'reports'} ${verb} updated`),
    h('li', { 'data-count': 'unchanged' }, h('strong', {}, formatNumber(r.unchanged)), ` unchanged (already here)`));
}

const FIRST_ERRORS = 20;

export function openImport(ctx: ManageContext): void {
  const m = openModal({ id: 'import-dialog', title: 'Import reports from a CSV file', wide: true });
  const file = h('input', { id: 'im-file', name: 'file', type: 'file', accept: '.csv,text/csv' });
  const ignoreIds = h('input', { id: 'im-ignore-ids', name: 'ids', type: 'checkbox' });
  const fFile = fieldBlock('im-file', 'CSV file', file, 'The export’s header, in any column order; source, party, metric, kind, date and value are required. Nothing is stored until you confirm.');
  const result = h('div', { id: 'im-result', class: 'import-result', role: 'status', 'aria-live': 'polite' });
  const confirm = h('button', { type: 'button', class: 'button', id: 'im-confirm', hidden: true }, 'Import');
  const close = h('button', { type: 'button', class: 'button button-quiet', onclick: () => m.close() }, 'Cancel');
  m.body.append(h('form', { id: 'import-form', class: 'form', novalidate: true },
    fFile.wrap,
    h('div', { class: 'form-field check-field' },
      h('label', { class: 'check', for: 'im-ignore-ids' }, ignoreIds, ' Add rows as new reports even when their id is unknown here (a file from another database)')),
    result));
  m.foot.append(confirm, close);
  file.focus();

  let chosen: File | null = null;
  const run = async (dryRun: boolean) => {
    if (!chosen) return;
    const f = chosen;
    replace(result, message('loading', dryRun ? `Checking ${f.name}…` : `Importing ${f.name}…`));
    confirm.hidden = true;
    try {
      const r = await writeApi.importCsv(f, { dryRun, idsIgnore: ignoreIds.checked });
      if (dryRun) {
        const total = r.inserted + r.updated;
        replace(result,
          h('h3', {}, `Dry run of ${f.name}: nothing stored yet`),
          importSummary(r, true),
          h('p', {}, total ? 'Check the counts, then import.' : 'Nothing would change.'));
        confirm.textContent = `Import (${plural(r.inserted, 'new report')}, ${formatNumber(r.updated)} updated)`;
        confirm.hidden = total === 0;
        if (total) confirm.focus();
      } else {
        replace(result, h('h3', { class: 'import-done' }, `Imported ${f.name}`), importSummary(r, false));
        chosen = null;
        file.value = '';
        close.textContent = 'Close';
        close.focus();
        ctx.changed({});
      }
    } catch (e) {
      if (unauthorized(e, ctx, () => m.close())) return;
      if (e instanceof ApiError && e.code === 'import_rejected') {
        const b = e.body as Partial<ImportResult>;
        const rejected = b.rejected ?? [];
        replace(result,
          h('h3', { class: 'import-rejected' }, `${plural(rejected.length, 'row')} rejected: nothing ${dryRun ? 'would be' : 'was'} stored`),
          h('p', {}, e.message),
          table(`${rejected.length > FIRST_ERRORS ? `The first ${FIRST_ERRORS} rejected rows` : 'The rejected rows'}, by line of the file`, ['Line', 'Field', 'Problem'],
            rejected.slice(0, FIRST_ERRORS).flatMap((row) => Object.entries(row.fields).map(([k, v]) => [String(row.line), k, v.join('; ')]))
            , { class: 'data-table compact import-errors' }),
          h('p', { class: 'muted' }, `Without the rejected rows it would be: ${formatNumber(b.inserted ?? 0)} new, ${formatNumber(b.updated ?? 0)} updated, ${formatNumber(b.unchanged ?? 0)} unchanged. Fix the file and choose it again.`));
      } else if (e instanceof ApiError && e.code === 'invalid_csv') {
        const line = typeof e.body.line === 'number' ? e.body.line : null;
        replace(result,
          h('h3', { class: 'import-rejected' }, `Not a CSV file this tool can read${line ? ` (line ${line})` : ''}`),
          h('p', {}, e.message), h('p', { class: 'muted' }, 'Nothing was stored.'));
      } else {
        replace(result, message('error', describeError(e)));
      }
    }
  };
  file.addEventListener('change', () => {
    chosen = file.files?.[0] ?? null;
    void run(true);
  });
  ignoreIds.addEventListener('change', () => void run(true));
  confirm.addEventListener('click', () => void run(false));
}
