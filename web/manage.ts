// Signed-in tools besides the form: the deleted reports (restore), renaming or merging a source or
// party across its reports (one operation, previewed with a dry run). The import dialog is
// import-dialog.ts. Every count shown is the server's answer.
import { RenameInput, fieldErrors, type Report } from '../server/domain/report';
import { ApiError, describeError, writeApi, type Facets, type RenameResult } from './api';
import { fieldBlock, openModal, setFieldError } from './dialogs';
import { h, message, replace, table } from './dom';
import { formatDay, formatFigure, plural } from './format';
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
