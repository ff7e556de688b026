// The import dialog. A file is chosen; our own CSV, or a CSV with an HXL hashtag row, is dry-run and
// imported as it is. Any other file (a spreadsheet, someone else's CSV, JSON) gets a recipe: a saved
// one, or one made in the recipe editor (loaded on first use) with a live preview of the first reports
// as they would be stored. Then a dry run, the import, and "save recipe". Nothing is stored before the
// import is confirmed; every count shown is the server's answer.
//
// The dialog's parts, top to bottom: the file; the recipe (chooser, editor); the preview; the progress
// slot (#im-progress, for the import's progress); the result (#im-result). Buttons in the foot.
import { csvKindOf, formatOfFile, HEAD_BYTES } from '../server/domain/import-kind';
import { ApiError, describeError, writeApi, type ImportPreview, type ImportResult, type RecipeSummary } from './api';
import { fieldBlock, openModal, setFieldError } from './dialogs';
import { h, message, replace, table } from './dom';
import { formatNumber, plural } from './format';
import { PREVIEW_ROWS, previewTables, statsLine } from './import-preview';
import { importProgress } from './import-progress';
import type { ManageContext } from './manage';
import type { RecipeEditor } from './recipe-editor';
import { mayDo } from './session';

const FIRST_ERRORS = 20;
const PREVIEW_DELAY_MS = 350;

function importSummary(r: Pick<ImportResult, 'inserted' | 'updated' | 'unchanged'>, dry: boolean): HTMLElement {
  const verb = dry ? 'would be' : 'were';
  return h('ul', { class: 'import-counts' },
    h('li', { 'data-count': 'inserted' }, h('strong', {}, formatNumber(r.inserted)), ` new ${r.inserted === 1 ? 'report' : 'reports'} ${dry ? 'would be added' : 'added'}`),
    h('li', { 'data-count': 'updated' }, h('strong', {}, formatNumber(r.updated)), ` ${r.updated === 1 ? 'report' : 'reports'} ${verb} updated`),
    h('li', { 'data-count': 'unchanged' }, h('strong', {}, formatNumber(r.unchanged)), ` unchanged (already here)`));
}

export function openImport(ctx: ManageContext): void {
  const m = openModal({ id: 'import-dialog', title: 'Import reports', wide: true });
  const file = h('input', { id: 'im-file', name: 'file', type: 'file', accept: '.csv,.tsv,.txt,.xlsx,.json,.ndjson,.jsonl,text/csv,application/json' });
  const ignoreIds = h('input', { id: 'im-ignore-ids', name: 'ids', type: 'checkbox' });
  const fFile = fieldBlock('im-file', 'File', file, 'This tool’s CSV export, or a CSV with an HXL hashtag row, imports as it is. Any other spreadsheet (.xlsx), CSV or JSON series: map its columns with a recipe. Nothing is stored until you confirm.');
  const idsField = h('div', { class: 'form-field check-field' },
    h('label', { class: 'check', for: 'im-ignore-ids' }, ignoreIds, ' Add rows as new reports even when their id is unknown here (a file from another database)'));
  const chooser = h('select', { id: 'im-recipe' });
  const fChooser = fieldBlock('im-recipe', 'Recipe', chooser, 'A saved recipe maps the file as it was saved; “a new recipe” opens the editor.');
  fChooser.wrap.hidden = true;
  const editorSlot = h('div', { id: 'im-editor' });
  const previewArea = h('section', { id: 'im-preview', class: 'import-preview-area', 'aria-live': 'polite', hidden: true });
  const progress = h('div', { id: 'im-progress', class: 'import-progress', hidden: true });
  const result = h('div', { id: 'im-result', class: 'import-result', role: 'status', 'aria-live': 'polite' });
  const saveName = h('input', { id: 'im-save-name', type: 'text', autocomplete: 'off', maxlength: 64, placeholder: 'e.g. desk-sheet' });
  const fSave = fieldBlock('im-save-name', 'Save the recipe as', saveName, 'Lower-case letters, digits, - and _. Saved recipes can be chosen for the next file and used with npm run import -- FILE --recipe=NAME.');
  const saveConfirm = h('button', { type: 'button', class: 'button', id: 'im-save-confirm' }, 'Save recipe');
  const saveBox = h('div', { class: 'import-save', id: 'im-save-box', hidden: true }, fSave.wrap, saveConfirm);
  const dryRunBtn = h('button', { type: 'button', class: 'button', id: 'im-dry-run', hidden: true }, 'Dry run');
  const confirm = h('button', { type: 'button', class: 'button', id: 'im-confirm', hidden: true }, 'Import');
  const saveBtn = h('button', { type: 'button', class: 'button button-quiet', id: 'im-save', hidden: true }, 'Save recipe…');
  const close = h('button', { type: 'button', class: 'button button-quiet', onclick: () => m.close() }, 'Cancel');
  m.body.append(h('form', { id: 'import-form', class: 'form', novalidate: true, onsubmit: (e: Event) => e.preventDefault() },
    fFile.wrap, idsField, fChooser.wrap, editorSlot, saveBox), previewArea, progress, result);
  m.foot.append(dryRunBtn, confirm, saveBtn, close);
  file.focus();

  let chosen: File | null = null;
  let mode: 'csv' | 'recipe' = 'csv';
  let editor: RecipeEditor | null = null;
  let recipes: RecipeSummary[] = [];
  let pending: AbortController | null = null;
  let timer: number | undefined;
  // Moves on with each file chosen and each dry run or import sent: an answer for an earlier one is
  // dropped (a large file's dry run could otherwise land after, and over, the next file's).
  let generation = 0;

  const unauthorized = (e: unknown) => {
    if (e instanceof ApiError && e.status === 401) {
      m.close();
      ctx.onUnauthorized();
      return true;
    }
    return false;
  };
  /** The recipe sent: a saved one's name, or the editor's document. */
  const recipeText = () => (chooser.value ? chooser.value : JSON.stringify(editor!.recipe()));
  const resetOutcome = () => {
    confirm.hidden = true;
    replace(result);
  };

  type Upload = (sent: number, total: number) => void;
  /** A dry run or an import of the chosen file: its progress while it goes, then the counts, or
   *  `failed` draws what went wrong (a 401 closes the dialog first). */
  const send = async (dryRun: boolean, loading: (f: File) => string, request: (f: File, onUpload: Upload) => Promise<ImportResult>, failed: (e: unknown, f: File) => void) => {
    if (!chosen) return;
    const f = chosen;
    const mine = ++generation;
    replace(result, message('loading', loading(f)));
    confirm.hidden = true;
    const shown = importProgress(progress, f.name);
    try {
      const r = await request(f, shown.onUpload);
      shown.stop();
      if (mine === generation) showCounts(f, r, dryRun);
    } catch (e) {
      shown.stop();
      if (mine === generation && !unauthorized(e)) failed(e, f);
    }
  };

  // ---- our CSV (or an HXL file): a dry run, then the import -------------------------------------
  const runCsv = (dryRun: boolean) => send(dryRun, (f) => (dryRun ? `Checking ${f.name}…` : `Importing ${f.name}…`),
    (f, onUpload) => writeApi.importCsv(f, { dryRun, idsIgnore: ignoreIds.checked, onUpload }),
    (e, f) => {
      if (e instanceof ApiError && e.code === 'import_rejected') {
        const b = e.body as Partial<ImportResult>;
        const rejected = b.rejected ?? [];
        replace(result,
          h('h3', { class: 'import-rejected' }, `${plural(rejected.length, 'row')} rejected: nothing ${dryRun ? 'would be' : 'was'} stored`),
          h('p', {}, e.message),
          table(`${rejected.length > FIRST_ERRORS ? `The first ${FIRST_ERRORS} rejected rows` : 'The rejected rows'}, by line of the file`, ['Line', 'Field', 'Problem'],
            rejected.slice(0, FIRST_ERRORS).flatMap((row) => Object.entries(row.fields).map(([k, v]) => [String(row.line), k, v.join('; ')])),
            { class: 'data-table compact import-errors' }),
          h('p', { class: 'muted' }, `Without the rejected rows it would be: ${formatNumber(b.inserted ?? 0)} new, ${formatNumber(b.updated ?? 0)} updated, ${formatNumber(b.unchanged ?? 0)} unchanged. Fix the file and choose it again${b.stats ? ', or map it with a recipe' : ''}.`),
          b.stats ? h('button', { type: 'button', class: 'button', id: 'im-use-recipe', onclick: () => void startRecipe(f, 'csv', ',') }, 'Map it with a recipe') : null);
      } else if (e instanceof ApiError && e.code === 'invalid_csv') {
        const line = typeof e.body.line === 'number' ? e.body.line : null;
        replace(result,
          h('h3', { class: 'import-rejected' }, `Not a CSV file this tool can read${line ? ` (line ${line})` : ''}`),
          h('p', {}, e.message), h('p', { class: 'muted' }, 'Nothing was stored.'));
      } else {
        replace(result, message('error', describeError(e)));
      }
    });

  function showCounts(f: File, r: ImportResult, dryRun: boolean) {
    if (dryRun) {
      const total = r.inserted + r.updated;
      // The dry run's own first reports replace the live preview (the same reports, from the storing path).
      if (r.reports?.length) previewArea.hidden = true;
      replace(result,
        h('h3', {}, `Dry run of ${f.name}: nothing stored yet`),
        importSummary(r, true),
        r.stats ? h('p', { class: 'muted', id: 'im-stats' }, statsLine(r.stats)) : null,
        r.reports?.length ? previewTables(r.reports, [], `The first ${plural(r.reports.length, 'report')}, as they would be stored`) : null,
        h('p', {}, total ? 'Check the counts, then import.' : 'Nothing would change.'));
      confirm.textContent = `Import (${plural(r.inserted, 'new report')}, ${formatNumber(r.updated)} updated)`;
      confirm.hidden = total === 0;
      if (total) confirm.focus();
    } else {
      replace(result, h('h3', { class: 'import-done' }, `Imported ${f.name}`), importSummary(r, false));
      close.textContent = 'Close';
      close.focus();
      ctx.changed({});
    }
  }

  // ---- any other file: a recipe, a live preview, the dry run and the import ----------------------
  const fillChooser = (selected = '') => {
    replace(chooser, h('option', { value: '' }, '— a new recipe (map the columns)'),
      ...recipes.map((r) => h('option', { value: r.name }, `${r.name} (${r.format}${r.shipped ? ', shipped' : ''})${r.description ? `: ${r.description.slice(0, 60)}${r.description.length > 60 ? '…' : ''}` : ''}`)));
    chooser.value = selected;
  };

  async function startRecipe(f: File, format: ReturnType<typeof formatOfFile>, delimiter: string) {
    const mine = generation;
    mode = 'recipe';
    idsField.hidden = true;
    fChooser.wrap.hidden = false;
    dryRunBtn.hidden = false;
    // Saving a recipe is an admin's (server/http/access.ts): an editor maps and imports without it.
    saveBtn.hidden = !mayDo('admin');
    resetOutcome();
    try {
      recipes = (await writeApi.recipes()).items;
    } catch (e) {
      if (unauthorized(e)) return;
      recipes = [];
    }
    fillChooser();
    let recipeEditor: typeof import('./recipe-editor.js').recipeEditor;
    try {
      ({ recipeEditor } = await import('./recipe-editor.js'));
    } catch (e) {
      replace(result, message('error', `The recipe editor could not be loaded (${describeError(e)}): reload the page and choose the file again.`));
      return;
    }
    // Another file was chosen meanwhile: it has its own turn.
    if (mine !== generation) return;
    editor = recipeEditor(format, { delimiter }, schedulePreview);
    editor.element.addEventListener('input', schedulePreview);
    editor.element.addEventListener('change', schedulePreview);
    replace(editorSlot, editor.element);
    replace(result, h('p', { class: 'muted' }, `${f.name} is not this tool’s CSV: choose a saved recipe, or map its columns below.`));
    void refreshPreview();
    chooser.focus();
  }

  function schedulePreview() {
    resetOutcome();
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void refreshPreview(), PREVIEW_DELAY_MS);
  }

  async function refreshPreview() {
    if (!chosen || mode !== 'recipe') return;
    const f = chosen;
    editorSlot.hidden = chooser.value !== '';
    if (!chooser.value && editor && !editor.validate()) {
      previewArea.hidden = false;
      replace(previewArea, h('h3', {}, 'Preview'), h('p', { class: 'preview-wait' }, 'Fix the recipe’s errors shown above to see the reports.'));
      return;
    }
    pending?.abort();
    const ac = new AbortController();
    pending = ac;
    let p: ImportPreview;
    try {
      p = await writeApi.previewImport(f, recipeText(), ac.signal);
    } catch (e) {
      if ((e as Error).name === 'AbortError' || unauthorized(e)) return;
      previewArea.hidden = false;
      if (e instanceof ApiError && Object.keys(e.fields).length && editor && !chooser.value) {
        const rest = editor.showErrors(e.fields);
        replace(previewArea, h('h3', {}, 'Preview'), h('p', { class: 'preview-problem', role: 'alert' }, e.message), rest.length ? h('p', {}, rest.join('; ')) : null);
      } else {
        replace(previewArea, h('h3', {}, 'Preview'), message('error', describeError(e)));
      }
      return;
    }
    if (pending !== ac) return;
    editor?.setColumns(p.columns, p.hxl?.tags ?? null);
    const unplaced = p.problem && editor && !chooser.value ? editor.showErrors(p.problem.fields) : (editor?.showErrors({}), []);
    previewArea.hidden = false;
    replace(previewArea,
      h('h3', {}, `Preview: the first ${PREVIEW_ROWS} reports as they would be stored`),
      h('p', { class: 'muted', id: 'im-preview-stats' }, statsLine(p.stats)),
      p.problem ? h('p', { class: 'preview-problem', id: 'im-preview-problem' }, p.problem.message, unplaced.length ? ` (${unplaced.join('; ')})` : '') : null,
      p.hxl ? h('p', { class: 'form-hint' }, `The file’s HXL row maps ${plural(Object.keys(p.hxl.tags).length - p.hxl.ignored.length, 'column')} by itself${p.hxl.ignored.length ? `; not read: ${p.hxl.ignored.map((i) => `${i.column} (${i.tag})`).join(', ')}` : ''}.`) : null,
      p.reports.length || p.rejected.length ? previewTables(p.reports, p.rejected) : null);
  }

  const runRecipe = async (dryRun: boolean) => {
    if (!chosen) return;
    if (!chooser.value && editor && !editor.validate()) {
      replace(result, message('error', 'The recipe has errors (shown beside their controls): nothing was sent.'));
      return;
    }
    await send(dryRun, (f) => (dryRun ? `Checking ${f.name} with the recipe…` : `Importing ${f.name}…`),
      (f, onUpload) => writeApi.importWithRecipe(f, recipeText(), { dryRun, onUpload }),
      (e) => {
        if (e instanceof ApiError && e.code === 'import_rejected') {
          const b = e.body as Partial<ImportResult>;
          const rejected = b.rejected ?? [];
          replace(result,
            h('h3', { class: 'import-rejected' }, `${plural(rejected.length, 'error')}: nothing ${dryRun ? 'would be' : 'was'} stored`),
            h('p', {}, e.message),
            previewTables([], rejected, 'The rows rejected, each error beside its cell'));
        } else if (e instanceof ApiError && editor && !chooser.value && Object.keys(e.fields).length) {
          const rest = editor.showErrors(e.fields);
          replace(result, h('h3', { class: 'import-rejected' }, 'The recipe does not fit the file: nothing was stored'), h('p', {}, e.message), rest.length ? h('p', {}, rest.join('; ')) : null);
        } else {
          replace(result, h('h3', { class: 'import-rejected' }, 'Not imported'), message('error', describeError(e)));
        }
      });
  };

  const save = async () => {
    if (!editor || chooser.value) return;
    try {
      const saved = await writeApi.saveRecipe(saveName.value.trim(), editor.recipe());
      setFieldError(fSave, [saveName], []);
      recipes = [...recipes.filter((r) => r.name !== saved.name), { name: saved.name, format: saved.recipe.format, description: null, revision: saved.revision, updated_at: saved.updated_at, shipped: false }]
        .sort((a, b) => (a.name < b.name ? -1 : 1));
      fillChooser();
      saveBox.hidden = true;
      replace(result, h('p', { class: 'form-saved', id: 'im-saved' }, `Saved the recipe as “${saved.name}”: choose it for the next file of this shape.`));
      saveBtn.focus();
    } catch (e) {
      if (unauthorized(e)) return;
      if (e instanceof ApiError && Object.keys(e.fields).length) {
        setFieldError(fSave, [saveName], e.fields.name ?? []);
        const rest = editor.showErrors(Object.fromEntries(Object.entries(e.fields).filter(([k]) => k !== 'name')));
        if (rest.length) replace(result, message('error', rest.join('; ')));
        saveName.focus();
      } else {
        replace(result, message('error', `Not saved: ${describeError(e)}`));
      }
    }
  };

  file.addEventListener('change', () => {
    chosen = file.files?.[0] ?? null;
    // Whatever the last file was doing is let go: its preview, its pending answers.
    generation++;
    pending?.abort();
    window.clearTimeout(timer);
    previewArea.hidden = true;
    if (!chosen) return;
    const f = chosen;
    const mine = generation;
    void f.slice(0, HEAD_BYTES).arrayBuffer().then((buf) => {
      if (mine !== generation) return;
      const head = new Uint8Array(buf);
      const text = new TextDecoder().decode(head);
      const format = formatOfFile(f.name, head, text);
      const csv = format === 'csv' ? csvKindOf(text, f.size <= HEAD_BYTES) : null;
      if (csv && csv.kind !== 'other') {
        mode = 'csv';
        idsField.hidden = csv.kind === 'hxl';
        for (const el of [fChooser.wrap, editorSlot, previewArea, saveBox, dryRunBtn, saveBtn]) el.hidden = true;
        void runCsv(true);
      } else {
        editorSlot.hidden = false;
        void startRecipe(f, format, csv?.delimiter ?? ',');
      }
    }, (e: unknown) => {
      // A file moved or gone since it was chosen (or a cloud file a phone cannot read): said, not swallowed.
      if (mine === generation) replace(result, message('error', `${f.name} could not be read: ${describeError(e)}`));
    });
  });
  ignoreIds.addEventListener('change', () => void runCsv(true));
  chooser.addEventListener('change', () => {
    saveBtn.hidden = !mayDo('admin') || chooser.value !== '';
    schedulePreview();
  });
  dryRunBtn.addEventListener('click', () => void runRecipe(true));
  confirm.addEventListener('click', () => void (mode === 'csv' ? runCsv(false) : runRecipe(false)));
  saveBtn.addEventListener('click', () => {
    saveBox.hidden = false;
    saveName.focus();
  });
  saveConfirm.addEventListener('click', () => void save());
  saveName.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void save();
    }
  });
}
