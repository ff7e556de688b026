// The recipe editor of the import dialog: how the file is read (format, delimiter, encoding, sheet),
// a control per report field (from a column, with an optional value map and date format, or a fixed
// value), figures, the reports made of each row (templates, added and removed) and the key. It builds a
// recipe document (DESIGN.md "Bringing data in: recipes") and shows every error the schema or the
// server names beside its control. Validation is the server's own schema (server/domain/recipe.ts).
// Loaded on its own, after the writing tools: it still names zod-setup first, so that the chunk the two
// share sets zod's jitless mode before any schema is built (the page's CSP forbids eval).
import './zod-setup'; // must stay the first import: see the module
import { parseRecipe, RECIPE_FORMATS, type RecipeFormat } from '../server/domain/recipe';
import { DATE_PRECISIONS, KINDS, METRICS, QUALIFIERS, REPORT_INPUT_FIELDS } from '../server/domain/report-fields';
import { fieldBlock, setFieldError, type FieldParts } from './dialogs';
import { h, replace } from './dom';

type Mode = 'none' | 'column' | 'fixed';

/** Report fields shared by every report of a row; the figure (value) is each template's. */
const SHARED = ['date', 'date_precision', 'period_start', 'source', 'via', 'party', 'metric', 'kind', 'qualifier', 'location', 'event', 'reported_on', 'url', 'quote', 'notes'] as const;
type SharedField = (typeof SHARED)[number];

const LABELS: Record<SharedField, string> = {
  date: 'Date (as of, or the day it happened)', date_precision: 'Date precision', period_start: 'Period start (tallies)', source: 'Source',
  via: 'Via', party: 'Party', metric: 'Metric', kind: 'Kind', qualifier: 'Qualifier', location: 'Location', event: 'Event',
  reported_on: 'Reported on', url: 'URL', quote: 'Quote', notes: 'Notes',
};
const CHOICES: Partial<Record<SharedField, readonly string[]>> = { date_precision: DATE_PRECISIONS, metric: METRICS, kind: KINDS, qualifier: QUALIFIERS };
const DATE_FIELDS = new Set<SharedField>(['date', 'period_start', 'reported_on']);
const REQUIRED = new Set<SharedField>(['date', 'source', 'party', 'kind']);

interface FieldControls { parts: FieldParts; mode: HTMLSelectElement; column: HTMLSelectElement; fixed: HTMLInputElement | HTMLSelectElement; format: HTMLInputElement | null; useMap: HTMLInputElement; map: HTMLTextAreaElement }
interface TemplateControls { wrap: HTMLElement; error: HTMLElement; name: HTMLInputElement; value: HTMLSelectElement; metric: HTMLSelectElement; party: HTMLInputElement }

export interface RecipeEditor {
  element: HTMLElement;
  /** The recipe as a document (what is saved and sent). */
  recipe(): Record<string, unknown>;
  /** The file's columns with a few values each (from the preview): the column choices. */
  setColumns(columns: { name: string; samples: string[] }[], hxl: Record<string, string> | null): void;
  /** Errors keyed by recipe path ("fields.date.format", "recipe.templates.0.fields.value"), each shown beside its control;
   *  returns the messages no control shows. */
  showErrors(fields: Record<string, string[]>): string[];
  /** Checks the recipe with the schema; shows the errors. */
  validate(): boolean;
  firstControl(): HTMLElement;
}

const option = (value: string, label = value) => h('option', { value }, label);

/** "cell = value" lines as a map; an empty value maps to absent (null). */
function parseMap(text: string): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq < 0 || line.slice(0, eq).trim() === '') continue;
    const to = line.slice(eq + 1).trim();
    out[line.slice(0, eq).trim()] = to === '' ? null : to;
  }
  return out;
}

export function recipeEditor(format: RecipeFormat, guessed: { delimiter?: string }, onChange: () => void): RecipeEditor {
  let columns: { name: string; samples: string[] }[] = [];
  let templateSeq = 0;
  const fileError = h('p', { class: 'field-error', id: 're-file-error', hidden: true });

  // How the file is read.
  const formatSel = h('select', { id: 're-format' }, ...RECIPE_FORMATS.map((f) => option(f, f === 'xlsx' ? 'Excel workbook (.xlsx)' : f === 'ndjson' ? 'NDJSON (a JSON object a line)' : f.toUpperCase())));
  formatSel.value = format;
  const delimiter = h('select', { id: 're-delimiter' }, option(',', 'comma ,'), option(';', 'semicolon ;'), option('\t', 'tab'), option('|', 'bar |'));
  delimiter.value = guessed.delimiter ?? ',';
  const encoding = h('select', { id: 're-encoding' }, option('utf-8', 'UTF-8'), option('windows-1252', 'Windows-1252 / Latin-1 (Excel on Windows)'), option('utf-16le', 'UTF-16'), option('iso-8859-2', 'ISO-8859-2 (Central European)'), option('windows-1251', 'Windows-1251 (Cyrillic)'));
  const sheet = h('input', { id: 're-sheet', type: 'text', placeholder: '1 (the first sheet)', autocomplete: 'off' });
  const headerRow = h('input', { id: 're-header-row', type: 'text', inputmode: 'numeric', placeholder: '1', autocomplete: 'off' });
  const path = h('input', { id: 're-path', type: 'text', placeholder: 'e.g. data.rows (empty: the file is the list)', autocomplete: 'off' });
  const fileFields = {
    delimiter: fieldBlock('re-delimiter', 'Delimiter', delimiter), encoding: fieldBlock('re-encoding', 'Encoding', encoding),
    sheet: fieldBlock('re-sheet', 'Sheet (name or number)', sheet), header_row: fieldBlock('re-header-row', 'Header row', headerRow),
    path: fieldBlock('re-path', 'Where the records are', path),
  };
  const showFormatFields = () => {
    const f = formatSel.value;
    fileFields.delimiter.wrap.hidden = f !== 'csv';
    fileFields.encoding.wrap.hidden = f !== 'csv';
    fileFields.sheet.wrap.hidden = f !== 'xlsx';
    fileFields.header_row.wrap.hidden = f !== 'xlsx';
    fileFields.path.wrap.hidden = f !== 'json';
  };
  formatSel.addEventListener('change', showFormatFields);
  showFormatFields();

  // A control per report field.
  const fields = {} as Record<SharedField, FieldControls>;
  const columnSelect = (id: string) => h('select', { id });
  const fieldRows = SHARED.map((f) => {
    const mode = h('select', { id: `re-${f}-mode`, 'aria-label': `${LABELS[f]}: where it comes from` }, option('none', '— not in this file'), option('column', 'from a column'), option('fixed', 'the same for every report'));
    const column = columnSelect(`re-${f}-column`);
    column.setAttribute('aria-label', `${LABELS[f]}: column`);
    const choices = CHOICES[f];
    const fixed = choices ? h('select', { id: `re-${f}-fixed`, 'aria-label': `${LABELS[f]}: value` }, ...choices.map((c) => option(c)))
      : h('input', { id: `re-${f}-fixed`, type: DATE_FIELDS.has(f) ? 'date' : 'text', 'aria-label': `${LABELS[f]}: value`, autocomplete: 'off' });
    const format = DATE_FIELDS.has(f) ? h('input', { id: `re-${f}-format`, type: 'text', 'aria-label': `${LABELS[f]}: date format`, placeholder: 'iso (2023-10-07), excel, or dd/MM/yyyy, MMM yyyy…', autocomplete: 'off' }) : null;
    const useMap = h('input', { id: `re-${f}-usemap`, type: 'checkbox' });
    const map = h('textarea', { id: `re-${f}-map`, rows: 3, 'aria-label': `${LABELS[f]}: value map, one "cell = value" a line`, hidden: true });
    const mapLabel = h('label', { class: 'check', for: `re-${f}-usemap` }, useMap, ' Map the column’s values');
    const body = h('div', { class: 'recipe-field-body' }, mode, column, fixed, format, mapLabel, map);
    const parts = fieldBlock(`re-${f}-mode`, `${LABELS[f]}${REQUIRED.has(f) ? ' *' : ''}`, body, undefined, 'recipe-field');
    // fieldBlock labels the block's first control: point it at the mode select.
    parts.wrap.querySelector('label')!.setAttribute('for', `re-${f}-mode`);
    mode.setAttribute('aria-describedby', `re-${f}-mode-error`);
    fields[f] = { parts, mode, column, fixed, format, useMap, map };
    const show = () => {
      const m = mode.value as Mode;
      column.hidden = m !== 'column';
      fixed.hidden = m !== 'fixed';
      if (format) format.hidden = m !== 'column';
      mapLabel.hidden = m !== 'column';
      map.hidden = m !== 'column' || !useMap.checked;
    };
    mode.addEventListener('change', show);
    useMap.addEventListener('change', () => {
      // Start the map from the column's values seen so far.
      if (useMap.checked && map.value.trim() === '') {
        map.value = (columns.find((c) => c.name === column.value)?.samples ?? []).map((s) => `${s} = `).join('\n');
      }
      show();
    });
    show();
    return parts.wrap;
  });

  // Figures and templates.
  const read = h('select', { id: 're-read' }, option('number', 'plain numbers (13000, 13,000)'), option('text', 'as stated (“about 40”, “189,500–223,000”)'));
  const decimal = h('select', { id: 're-decimal' }, option('.', 'a point: 1.5 million'), option(',', 'a comma: 1,5 Mio, 13.000'));
  const figureError = h('p', { class: 'field-error', id: 're-figure-error', hidden: true });
  const templatesBox = h('div', { class: 'recipe-templates', id: 're-templates' });
  const templates: TemplateControls[] = [];
  const addTemplate = (name = '', value = '', metric = '', party = '') => {
    const i = templateSeq++;
    const nameIn = h('input', { id: `re-t${i}-name`, type: 'text', value: name || `report ${templates.length + 1}`, autocomplete: 'off' });
    const valueSel = columnSelect(`re-t${i}-value`);
    const metricSel = h('select', { id: `re-t${i}-metric` }, option('', '— as above'), ...METRICS.map((m) => option(m)));
    const partyIn = h('input', { id: `re-t${i}-party`, type: 'text', value: party, placeholder: 'as above', autocomplete: 'off' });
    const error = h('p', { class: 'field-error', id: `re-t${i}-error`, hidden: true });
    const remove = h('button', { type: 'button', class: 'button button-quiet button-small', id: `re-t${i}-remove` }, 'Remove');
    const wrap = h('fieldset', { class: 'recipe-template', 'data-template': i },
      h('legend', {}, 'A report from each row'),
      h('div', { class: 'form-grid' },
        fieldBlock(`re-t${i}-name`, 'Name', nameIn).wrap,
        fieldBlock(`re-t${i}-value`, 'Figure column *', valueSel).wrap,
        fieldBlock(`re-t${i}-metric`, 'Metric', metricSel).wrap,
        fieldBlock(`re-t${i}-party`, 'Party', partyIn).wrap),
      error, remove);
    const t: TemplateControls = { wrap, error, name: nameIn, value: valueSel, metric: metricSel, party: partyIn };
    templates.push(t);
    fillColumns(valueSel, value);
    metricSel.value = metric;
    remove.addEventListener('click', () => {
      if (templates.length === 1) return;
      templates.splice(templates.indexOf(t), 1);
      wrap.remove();
      addButton.focus();
      onChange();
    });
    templatesBox.append(wrap);
    return t;
  };
  const addButton = h('button', { type: 'button', class: 'button button-small', id: 're-add-template' }, 'Add a report per row');
  addButton.addEventListener('click', () => {
    addTemplate().name.focus();
    onChange();
  });
  const keyBoxes = REPORT_INPUT_FIELDS.map((f) => h('input', { type: 'checkbox', id: `re-key-${f}`, value: f }));

  const json = h('pre', { class: 'recipe-json', id: 're-json' });
  const element = h('section', { class: 'recipe-editor', id: 'recipe-editor', 'aria-labelledby': 're-title' },
    h('h3', { id: 're-title' }, 'Map the file’s columns to report fields'),
    h('p', { class: 'form-hint' }, 'Each row of the file becomes one report per “report from each row” below. The preview shows what would be stored; nothing is stored until you import.'),
    h('fieldset', { class: 'recipe-group' }, h('legend', {}, 'The file'),
      h('div', { class: 'form-grid' }, fieldBlock('re-format', 'Format', formatSel).wrap, ...Object.values(fileFields).map((p) => p.wrap)), fileError),
    h('fieldset', { class: 'recipe-group' }, h('legend', {}, 'Every report'), h('div', { class: 'recipe-fields' }, ...fieldRows)),
    h('fieldset', { class: 'recipe-group' }, h('legend', {}, 'Figures'),
      h('div', { class: 'form-grid' }, fieldBlock('re-read', 'Figure cells hold', read).wrap, fieldBlock('re-decimal', 'Decimal mark', decimal).wrap), figureError,
      templatesBox, addButton),
    h('fieldset', { class: 'recipe-group recipe-key' }, h('legend', {}, 'Key: fields that name a report across imports (optional)'),
      h('p', { class: 'form-hint' }, 'A re-published file then updates the reports it matches on these fields instead of adding new ones.'),
      h('div', { class: 'recipe-key-boxes' }, ...keyBoxes.map((b) => h('label', { class: 'check', for: b.id }, b, ` ${b.value}`)))),
    h('details', {}, h('summary', {}, 'The recipe as JSON'), json));

  function fillColumns(select: HTMLSelectElement, keep = select.value) {
    replace(select, option('', '— choose a column'), ...columns.map((c) => option(c.name, c.samples.length ? `${c.name} (${c.samples.slice(0, 2).join(', ')}${c.samples.length > 2 ? ', …' : ''})` : c.name)));
    if (keep && !columns.some((c) => c.name === keep)) select.append(option(keep, `${keep} (not in this file)`));
    select.value = keep;
  }

  addTemplate('killed', '', 'killed');

  function recipe(): Record<string, unknown> {
    const f = formatSel.value as RecipeFormat;
    const doc: Record<string, unknown> = { format: f };
    if (f === 'csv' && delimiter.value !== ',') doc.delimiter = delimiter.value;
    if (f === 'csv' && encoding.value !== 'utf-8') doc.encoding = encoding.value;
    if (f === 'xlsx' && sheet.value.trim()) doc.sheet = /^\d+$/.test(sheet.value.trim()) ? Number(sheet.value.trim()) : sheet.value.trim();
    if (f === 'xlsx' && headerRow.value.trim()) doc.header_row = /^\d+$/.test(headerRow.value.trim()) ? Number(headerRow.value.trim()) : headerRow.value;
    if (f === 'json' && path.value.trim()) doc.path = path.value.trim();
    const defaults: Record<string, unknown> = {};
    const columnFields: Record<string, unknown> = {};
    for (const name of SHARED) {
      const c = fields[name];
      if (c.mode.value === 'fixed' && c.fixed.value.trim() !== '') defaults[name] = c.fixed.value.trim();
      if (c.mode.value === 'column' && c.column.value) {
        const spec: Record<string, unknown> = { column: c.column.value };
        if (c.useMap.checked) spec.map = parseMap(c.map.value);
        if (c.format && c.format.value.trim()) spec.format = c.format.value.trim();
        columnFields[name] = Object.keys(spec).length === 1 ? c.column.value : spec;
      }
    }
    if (Object.keys(defaults).length) doc.defaults = defaults;
    if (Object.keys(columnFields).length) doc.fields = columnFields;
    if (read.value !== 'number' || decimal.value !== '.') doc.figure = { ...(read.value !== 'number' ? { read: read.value } : {}), ...(decimal.value !== '.' ? { decimal_mark: decimal.value } : {}) };
    doc.templates = templates.map((t) => {
      const tDefaults: Record<string, string> = {};
      if (t.metric.value) tDefaults.metric = t.metric.value;
      if (t.party.value.trim()) tDefaults.party = t.party.value.trim();
      return { name: t.name.value.trim(), ...(Object.keys(tDefaults).length ? { defaults: tDefaults } : {}), ...(t.value.value ? { fields: { value: t.value.value } } : {}) };
    });
    const key = keyBoxes.filter((b) => b.checked).map((b) => b.value);
    if (key.length) doc.key = key;
    json.textContent = JSON.stringify(doc, null, 2);
    return doc;
  }

  /** Where a recipe path's error is shown. */
  function slotOf(path: string): { parts: { error: HTMLElement }; controls: HTMLElement[] } | null {
    const p = path.replace(/^recipe\./, '').split('.');
    const field = p[1] as SharedField;
    if ((p[0] === 'fields' || p[0] === 'defaults') && fields[field]) {
      const c = fields[field];
      return { parts: c.parts, controls: [c.mode, c.column, c.fixed, ...(c.format ? [c.format] : []), c.map] };
    }
    if (p[0] === 'fields' && field as string === 'value') return templates[0] ? { parts: templates[0], controls: [templates[0].value] } : null;
    if (p[0] === 'templates' && templates[Number(p[1])]) {
      const t = templates[Number(p[1])]!;
      return { parts: t, controls: p.includes('value') ? [t.value] : p.includes('name') ? [t.name] : [] };
    }
    if (p[0] === 'figure') return { parts: { error: figureError }, controls: [read, decimal] };
    const file = (fileFields as Record<string, FieldParts>)[p[0]!];
    if (file) return { parts: file, controls: [file.wrap.querySelector('input, select') as HTMLElement] };
    if (p[0] === 'format' || p[0] === 'file') return { parts: { error: fileError }, controls: [formatSel] };
    return null;
  }

  function showErrors(errors: Record<string, string[]>): string[] {
    const bySlot = new Map<{ error: HTMLElement }, { controls: HTMLElement[]; messages: string[] }>();
    const unplaced: string[] = [];
    const all = [...SHARED.map((f) => ({ parts: fields[f].parts, controls: [fields[f].mode, fields[f].column, fields[f].fixed, fields[f].map] })),
      ...templates.map((t) => ({ parts: t, controls: [t.name, t.value] })), { parts: { error: figureError }, controls: [read, decimal] },
      ...Object.values(fileFields).map((p) => ({ parts: p, controls: [p.wrap.querySelector('input, select') as HTMLElement] })), { parts: { error: fileError }, controls: [formatSel] }];
    for (const s of all) bySlot.set(s.parts, { controls: s.controls, messages: [] });
    for (const [path, messages] of Object.entries(errors)) {
      const slot = slotOf(path);
      const short = path.replace(/^recipe\./, '');
      if (!slot) {
        unplaced.push(...messages.map((m) => `${short}: ${m}`));
        continue;
      }
      const entry = bySlot.get(slot.parts) ?? { controls: slot.controls, messages: [] };
      entry.messages.push(...messages);
      bySlot.set(slot.parts, entry);
    }
    for (const [parts, { controls, messages }] of bySlot) setFieldError(parts, controls, messages);
    return unplaced;
  }

  return {
    element,
    recipe,
    setColumns(next, hxl) {
      columns = next.map((c) => ({ ...c, name: c.name, samples: hxl?.[c.name] ? [hxl[c.name]!, ...c.samples] : c.samples }));
      for (const f of SHARED) fillColumns(fields[f].column);
      for (const t of templates) fillColumns(t.value);
    },
    showErrors,
    validate() {
      const r = parseRecipe(recipe());
      const unplaced = showErrors(r.ok ? {} : r.fields);
      if (!r.ok && unplaced.length) {
        fileError.hidden = false;
        fileError.textContent = unplaced.join('; ');
      }
      return r.ok;
    },
    firstControl: () => fields.date.mode,
  };
}

