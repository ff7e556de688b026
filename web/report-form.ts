// The entry form: add a report, or edit one (If-Match: its revision), with every field of DESIGN.md
// ("The report"). The kind decides what is asked. Validation runs here with the very schema the
// server uses (server/domain/report.ts), and every error, the browser's or the server's, shows beside
// its field. The page computes no figure: it only reads and checks what the user typed.
import {
  DATE_PRECISIONS, METRICS, QUALIFIERS, REPORT_INPUT_FIELDS, ReportInput, fieldErrors, lastDayOfMonth,
  type Kind, type Report, type ReportInputField,
} from '../server/domain/report';
import { ApiError, describeError, writeApi, type Facets } from './api';
import { confirmModal, fieldBlock, openModal, setFieldError, type FieldParts, type Modal } from './dialogs';
import { h, replace } from './dom';
import { formatDay, formatFigure, metricLabel } from './format';
import { reportView } from './provenance';

/** Field names as the form and the history show them. */
export const FIELD_LABELS: Record<ReportInputField, string> = {
  kind: 'Kind', metric: 'Metric', party: 'Party', source: 'Source', via: 'Via', date: 'Date',
  date_precision: 'Date precision', period_start: 'Period start', value: 'Value', qualifier: 'Qualifier',
  low: 'Low', high: 'High', location: 'Location', event: 'Event key', reported_on: 'Reported on', url: 'Link',
  quote: 'Quote', notes: 'Notes',
};

export const QUALIFIER_LABELS: Record<string, string> = {
  exact: 'exactly (as stated)', about: 'about (“some”, “about”)', at_least: 'more than / at least', at_most: 'up to',
};

const PRECISION_LABELS: Record<string, string> = {
  day: 'Day', month: 'Month (the date is the month’s last day)', year: 'Year (the date is 31 December)',
};

const KIND_TEXT: Record<Kind, [string, string]> = {
  incident: ['Incident', 'New losses in one event, on the day it happened. Incidents add up.'],
  tally: ['Tally', 'A cumulative count over a period (“61 since the start of the year”). Never added to another.'],
  estimate: ['Estimate (troops)', 'A level of troops at one moment (“more than 90,000 near the border”). Never added up.'],
};

/** The fields in the order the form asks them (errors are listed, and focused, in this order). */
const FORM_ORDER: ReportInputField[] = [
  'kind', 'metric', 'party', 'source', 'via', 'date', 'date_precision', 'period_start', 'reported_on',
  'value', 'qualifier', 'low', 'high', 'location', 'event', 'url', 'quote', 'notes',
];

/** What “save and add another” keeps for the next report (the same article, most often). */
const KEPT_FOR_NEXT: ReportInputField[] = ['kind', 'metric', 'source', 'via', 'party', 'date', 'date_precision', 'period_start', 'reported_on'];

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export interface ReportFormContext {
  facets: Facets | null;
  /** A report was created or changed; `again`: the form stays open for the next one. */
  onSaved(report: Report, mode: 'created' | 'updated', again: boolean): void;
  onDeleted(report: Report): void;
  /** The server answered 401: the session has ended. */
  onUnauthorized(): void;
}

/** Today in the user's own calendar, YYYY-MM-DD. */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A number as typed: "13,000" and "13 000" are 13000; anything else is left for the schema to name. */
export function readCount(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const compact = t.replace(/[\s,’'_\u00a0\u202f]/g, '');
  return /^-?\d+(\.\d+)?$/.test(compact) ? Number(compact) : t;
}

function datalist(id: string, names: string[]): HTMLDataListElement {
  return h('datalist', { id }, ...names.map((n) => h('option', { value: n })));
}

/** Opens the form: a new report (optionally preset), or an edit of `existing`. */
export function openReportForm(ctx: ReportFormContext, existing?: Report): void {
  const editing = existing !== undefined;
  let revision = existing?.revision ?? 0;
  const m: Modal = openModal({
    id: 'report-dialog', wide: true,
    title: editing ? `Edit report #${existing.id}` : 'Add a report',
  });

  const f = ctx.facets;
  const lists = h('div', { hidden: true },
    datalist('rf-sources', (f?.sources ?? []).map((s) => s.name)),
    datalist('rf-parties', (f?.parties ?? []).map((s) => s.name)),
    datalist('rf-locations', (f?.locations ?? []).map((s) => s.name)));

  const controls = {} as Record<Exclude<ReportInputField, 'kind'>, Control>;
  const parts = {} as Record<ReportInputField, FieldParts>;
  const id = (name: string) => `rf-${name}`;

  const text = (name: Exclude<ReportInputField, 'kind'>, max: number, attrs: Record<string, string | number | boolean> = {}) => {
    const el = h('input', { id: id(name), name, type: 'text', maxlength: max, autocomplete: 'off', ...attrs });
    controls[name] = el;
    return el;
  };
  const date = (name: Exclude<ReportInputField, 'kind'>) => {
    const el = h('input', { id: id(name), name, type: 'date' });
    controls[name] = el;
    return el;
  };
  const num = (name: 'value' | 'low' | 'high') => {
    // Text, not type=number: what was typed stays visible, and the schema names what is wrong with it.
    const el = h('input', { id: id(name), name, type: 'text', inputmode: 'numeric', autocomplete: 'off', class: 'input-number' });
    controls[name] = el;
    return el;
  };
  const select = (name: Exclude<ReportInputField, 'kind'>, options: [string, string][]) => {
    const el = h('select', { id: id(name), name }, ...options.map(([v, l]) => h('option', { value: v }, l)));
    controls[name] = el;
    return el;
  };
  const area = (name: 'quote' | 'notes') => {
    const el = h('textarea', { id: id(name), name, rows: name === 'quote' ? 3 : 2, maxlength: 2000 });
    controls[name] = el;
    return el;
  };
  const field = (name: Exclude<ReportInputField, 'kind'>, label: string, control: Control, hint?: string, cls = '') => {
    parts[name] = fieldBlock(id(name), label, control, hint, cls);
    return parts[name].wrap;
  };

  // Kind: three radios with what each means, since the arithmetic differs.
  const radios = (['incident', 'tally', 'estimate'] as const).map((k) => h('input', {
    type: 'radio', name: 'kind', id: id(`kind-${k}`), value: k, 'aria-describedby': `${id(`kind-${k}`)}-text`,
  }));
  const kindError = h('p', { class: 'field-error', id: `${id('kind')}-error`, hidden: true });
  const kindSet = h('fieldset', { class: 'form-field kind-field span-all', 'data-field': id('kind'), 'aria-describedby': `${id('kind')}-error` },
    h('legend', {}, 'Kind of figure'),
    h('div', { class: 'kind-options' }, ...radios.map((r) => {
      const [title, explain] = KIND_TEXT[r.value as Kind];
      return h('label', { class: 'kind-option', for: r.id }, r,
        h('span', {}, h('strong', {}, title), h('span', { class: 'form-hint', id: `${r.id}-text` }, explain)));
    })),
    kindError);
  parts.kind = { wrap: kindSet, error: kindError, hint: null };

  const metric = select('metric', [['', 'Choose…'], ...METRICS.map((x): [string, string] => [x, metricLabel(x)])]);
  const periodWrap = field('period_start', 'Period start', date('period_start'), 'The first day the tally covers (1 Jan 2021 for “since the start of the year”).');
  const dateWrap = field('date', 'Date', date('date'));
  const dateLabel = dateWrap.querySelector('label')!;
  const dateHint = h('p', { class: 'form-hint', id: `${id('date')}-hint` });
  dateWrap.insertBefore(dateHint, parts.date.error);
  controls.date.setAttribute('aria-describedby', `${id('date')}-hint ${id('date')}-error`);
  const precision = select('date_precision', DATE_PRECISIONS.map((p): [string, string] => [p, PRECISION_LABELS[p]!]));

  const grid = h('div', { class: 'form-grid' },
    h('h3', { class: 'form-section span-all' }, 'What'),
    kindSet,
    field('metric', 'Metric', metric, ' '),
    field('party', 'Party', text('party', 200, { list: 'rf-parties', required: true }), 'Whose losses or troops: “Ukrainian forces”, “Civilians”, “All parties”.'),
    h('h3', { class: 'form-section span-all' }, 'Who says it'),
    field('source', 'Source', text('source', 200, { list: 'rf-sources', required: true }), 'Who makes the claim: “AFP”, “Ukrainian army”.'),
    field('via', 'Via (optional)', text('via', 200, { list: 'rf-sources' }), 'Who relayed it, when not the source: “France 24”.'),
    h('h3', { class: 'form-section span-all' }, 'When'),
    dateWrap,
    field('date_precision', 'Date precision', precision, 'How exact the date is; “late October 2021” is Oct 2021 at month precision.'),
    periodWrap,
    field('reported_on', 'Reported on (optional)', date('reported_on'), 'The day it was published.'),
    h('h3', { class: 'form-section span-all' }, 'The figure'),
    field('value', 'Value', num('value'), 'As stated: “some 40” is 40. Leave empty for a claim stated only as a range.'),
    field('qualifier', 'Qualifier', select('qualifier', QUALIFIERS.map((q): [string, string] => [q, QUALIFIER_LABELS[q]!])), 'The words before the number; shown, never changes the arithmetic.'),
    h('p', { class: 'form-note span-all', id: id('range-note') }, 'Range (optional): an explicit low and high, as the source gives them (“189,500–223,000”).'),
    field('low', 'Low (optional)', num('low')),
    field('high', 'High (optional)', num('high')),
    h('h3', { class: 'form-section span-all' }, 'Where, and in which words'),
    field('location', 'Location (optional)', text('location', 200, { list: 'rf-locations' }), '“eastern Ukraine”, “Donetsk oblast”.'),
    field('event', 'Event key (optional)', text('event', 200), 'The same key on reports of one incident from several sources: it is counted once.'),
    field('url', 'Link (optional)', text('url', 2000, { type: 'url', inputmode: 'url' }), 'Where it was published (http or https).', 'span-all'),
    field('quote', 'Quote (optional)', area('quote'), 'The sentence it was said in, verbatim.', 'span-all'),
    field('notes', 'Notes (optional)', area('notes'), undefined, 'span-all'));
  const metricHint = parts.metric.hint!;

  const summary = h('div', { class: 'form-problem', id: 'rf-summary', role: 'alert', tabindex: -1, hidden: true });
  const saved = h('p', { class: 'form-saved', id: 'rf-saved', role: 'status' });
  const conflictBox = h('div', { class: 'conflict', id: 'rf-conflict', hidden: true });
  const form = h('form', { id: 'report-form', class: 'form', novalidate: true },
    lists, saved, summary, conflictBox, grid);

  const save = h('button', { type: 'submit', form: 'report-form', class: 'button', id: 'rf-save' }, editing ? 'Save changes' : 'Save');
  const again = editing ? null : h('button', { type: 'submit', form: 'report-form', class: 'button button-quiet', id: 'rf-save-again', 'data-again': 'yes' }, 'Save and add another');
  const del = editing ? h('button', { type: 'button', class: 'button button-danger-quiet', id: 'rf-delete' }, 'Delete…') : null;
  const cancel = h('button', { type: 'button', class: 'button button-quiet', id: 'rf-cancel', onclick: () => m.close() }, 'Cancel');
  m.body.append(form);
  m.foot.append(save, again ?? '', cancel, del ?? '');

  const kindValue = (): Kind | undefined => radios.find((r) => r.checked)?.value as Kind | undefined;

  /** The kind decides what is asked: period start for a tally only, troops for an estimate only. */
  function syncKind(): void {
    const kind = kindValue();
    periodWrap.hidden = kind !== 'tally';
    dateLabel.textContent = kind === 'incident' ? 'Date (the day it happened)' : kind === 'tally' ? 'As of (the last day the tally covers)' : kind === 'estimate' ? 'As of' : 'Date';
    dateHint.textContent = kind === 'incident' ? 'The day of the event.' : kind ? 'The day the figure stands at.' : 'Choose the kind first: an incident’s day, or a tally’s or estimate’s “as of” day.';
    const allowed: string[] = kind === 'estimate' ? ['troops'] : METRICS.filter((x) => x !== 'troops');
    const before = metric.value;
    replace(metric, kind === 'estimate' ? null : h('option', { value: '' }, 'Choose…'),
      ...allowed.map((x) => h('option', { value: x }, metricLabel(x))));
    metric.value = allowed.includes(before) ? before : kind === 'estimate' ? 'troops' : '';
    metricHint.textContent = kind === 'estimate'
      ? 'An estimate is always of troops: a level at one moment, never added up.'
      : 'Troop numbers are not counted losses: enter them as an estimate.';
  }
  for (const r of radios) r.addEventListener('change', syncKind);

  // A month or year date is the period's last day (the schema says so): moving the precision moves
  // the date there, so the user does not have to work it out.
  precision.addEventListener('change', () => {
    const d = controls.date.value;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return;
    if (precision.value === 'month') controls.date.value = lastDayOfMonth(d);
    else if (precision.value === 'year') controls.date.value = `${d.slice(0, 4)}-12-31`;
  });

  function fill(values: Partial<Record<ReportInputField, string | number | null>>): void {
    for (const r of radios) r.checked = r.value === values.kind;
    for (const [name, c] of Object.entries(controls) as [ReportInputField, Control][]) {
      const v = values[name];
      c.value = v === null || v === undefined ? (name === 'date_precision' ? 'day' : name === 'qualifier' ? 'exact' : '') : String(v);
    }
    syncKind();
    if (values.metric) metric.value = String(values.metric);
  }

  function read(): Record<string, unknown> {
    const kind = kindValue();
    const raw: Record<string, unknown> = { kind };
    for (const [name, c] of Object.entries(controls) as [ReportInputField, Control][]) {
      if (name === 'value' || name === 'low' || name === 'high') raw[name] = readCount(c.value);
      else raw[name] = c.value;
    }
    // Only a tally has a period start: a hidden field is not sent.
    if (kind !== 'tally') raw.period_start = undefined;
    return raw;
  }

  function showErrors(errors: Record<string, string[]>, prefix = 'The report was not saved'): void {
    const names: string[] = [];
    let first: HTMLElement | null = null;
    for (const name of FORM_ORDER) {
      const msgs = errors[name] ?? [];
      const ctl = name === 'kind' ? radios : [controls[name]];
      setFieldError(parts[name], ctl, msgs);
      if (msgs.length) {
        names.push(name);
        first ??= name === 'kind' ? (radios.find((r) => r.checked) ?? radios[0]!) : controls[name];
      }
    }
    const other = Object.entries(errors).filter(([k]) => !(REPORT_INPUT_FIELDS as readonly string[]).includes(k));
    if (names.length === 0 && other.length === 0) {
      summary.hidden = true;
      replace(summary);
      return;
    }
    replace(summary,
      h('p', {}, `${prefix}: ${names.length === 1 ? 'one field needs' : `${names.length} fields need`} attention.`),
      names.length ? h('ul', {}, ...names.map((n) => h('li', {},
        h('button', { type: 'button', class: 'link-button', onclick: () => (n === 'kind' ? radios[0]! : controls[n as Exclude<ReportInputField, 'kind'>]).focus() }, FIELD_LABELS[n as ReportInputField]),
        `: ${errors[n]!.join('; ')}`))) : null,
      ...other.map(([k, v]) => h('p', {}, `${k}: ${v.join('; ')}`)));
    summary.hidden = false;
    (first ?? summary).focus();
  }

  function showProblem(text: string): void {
    replace(summary, h('p', {}, text));
    summary.hidden = false;
    summary.focus();
  }

  async function showConflict(current: Report): Promise<void> {
    const who = await writeApi.history(current.id).then((hist) => hist.items[hist.items.length - 1], () => undefined);
    const by = who ? ` by ${who.who} (${new Date(who.at).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })})` : '';
    const view = reportView(current, false);
    replace(conflictBox,
      h('h3', {}, 'Someone changed this report meanwhile'),
      h('p', {}, `It is now at revision ${current.revision}${by}. Your changes were not saved. This is the current version:`),
      view,
      h('div', { class: 'form-actions' },
        h('button', {
          type: 'button', class: 'button', id: 'rf-take-theirs', onclick: () => {
            revision = current.revision;
            fill(current);
            conflictBox.hidden = true;
            saved.textContent = `The form now shows revision ${current.revision}.`;
            controls.value.focus();
          },
        }, 'Edit the current version'),
        h('button', {
          type: 'button', class: 'button button-quiet', id: 'rf-keep-mine', onclick: () => {
            revision = current.revision;
            conflictBox.hidden = true;
            saved.textContent = `Press “Save changes” to replace revision ${current.revision} with your version.`;
            save.focus();
          },
        }, 'Keep my version')));
    conflictBox.hidden = false;
    conflictBox.querySelector('h3')!.setAttribute('tabindex', '-1');
    (conflictBox.querySelector('h3') as HTMLElement).focus();
  }

  let busy = false;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (busy) return;
    const keepGoing = (e.submitter as HTMLElement | null)?.dataset.again === 'yes';
    saved.textContent = '';
    const parsed = ReportInput.safeParse(read());
    if (!parsed.success) {
      showErrors(fieldErrors(parsed.error.issues));
      return;
    }
    showErrors({});
    busy = true;
    save.disabled = true;
    const request = editing ? writeApi.update(existing.id, parsed.data, revision) : writeApi.create(parsed.data);
    request.then((report) => {
      busy = false;
      save.disabled = false;
      if (keepGoing) {
        const keep: Partial<Record<ReportInputField, string | number | null>> = {};
        const raw = read();
        for (const k of KEPT_FOR_NEXT) keep[k] = (raw[k] as string | undefined) ?? null;
        fill(keep);
        saved.textContent = `Saved report #${report.id} (${report.source}: ${formatFigure(report)} ${report.metric}, ${formatDay(report.date, report.date_precision)}). Add the next one: source, via, party and dates are kept.`;
        controls.value.focus();
      } else {
        m.close();
      }
      ctx.onSaved(report, editing ? 'updated' : 'created', keepGoing);
    }, (err: unknown) => {
      busy = false;
      save.disabled = false;
      if (err instanceof ApiError && err.code === 'conflict' && err.body.current) {
        void showConflict(err.body.current as Report);
      } else if (err instanceof ApiError && Object.keys(err.fields).length) {
        showErrors(err.fields, 'The server did not save the report');
      } else if (err instanceof ApiError && err.status === 401) {
        m.close();
        ctx.onUnauthorized();
      } else {
        showProblem(`The report was not saved: ${describeError(err)}`);
      }
    });
  });

  del?.addEventListener('click', () => {
    void confirmDelete(existing!, revision, ctx).then((done) => {
      if (done) m.close();
    });
  });

  if (existing) {
    fill(existing);
    (radios.find((r) => r.checked) ?? radios[0]!).focus();
  } else {
    fill({ reported_on: today() });
    radios[0]!.focus();
  }
}

/** Asks, then deletes (hides) a report; resolves true when it was deleted. */
export async function confirmDelete(r: Report, revision: number | undefined, ctx: Pick<ReportFormContext, 'onDeleted' | 'onUnauthorized'>): Promise<boolean> {
  const yes = await confirmModal({
    id: 'delete-dialog', title: `Delete report #${r.id}?`, confirm: 'Delete', danger: true,
    text: [
      h('p', { class: 'confirm-report' }, `${r.source}: ${formatFigure(r)} ${r.metric} (${r.party}), ${formatDay(r.date, r.date_precision)}`),
      'It disappears from every chart, figure, table and export. Nothing is erased: it stays in “Deleted reports”, with its history, and can be restored.',
    ],
  });
  if (!yes) return false;
  try {
    await writeApi.remove(r.id, revision);
    ctx.onDeleted(r);
    return true;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) ctx.onUnauthorized();
    else {
      await confirmModal({
        id: 'delete-failed', title: 'Not deleted', confirm: 'OK',
        text: [err instanceof ApiError && err.code === 'conflict'
          ? 'Someone changed this report meanwhile: open it again to see the current version before deleting it.'
          : describeError(err)],
      });
    }
    return false;
  }
}
