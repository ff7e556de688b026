// HXL (the Humanitarian Exchange Language): a row of hashtags under a file's header says what each column
// holds, so such a file maps itself (DESIGN.md "Bringing data in: recipes"). We read HXL's own tags for
// what they say (#date, #affected+killed, #meta+source, #loc+name, #event+id, …) and the `#x_` tags our
// own `?hxl=1` export writes for what HXL has no tag for (party, metric, kind, qualifier, precision).
// Pure: imports nothing from Node, so the import dialog can tell an HXL file from any other.
import type { EffectiveTemplate, FieldSource } from './recipe';
import type { Metric, ReportInputField } from './report-fields';

/** True for a row whose every non-empty cell is a hashtag (and which has one). */
export function isHxlRow(cells: Record<string, unknown>): boolean {
  let tags = 0;
  for (const v of Object.values(cells)) {
    if (v === null || v === undefined) continue;
    if (typeof v !== 'string') return false;
    const t = v.trim();
    if (t === '') continue;
    if (!/^#[a-z_][\w]*(?:\s*\+\s*[a-z_]\w*)*$/i.test(t)) return false;
    tags++;
  }
  return tags > 0;
}

/** A tag in one spelling: lower case, no spaces, attributes sorted ("#affected +Killed" → "#affected+killed"). */
export function normaliseHxlTag(tag: string): string {
  const [hashtag, ...attributes] = tag.toLowerCase().replace(/\s+/g, '').split('+');
  return [hashtag, ...attributes.filter((a) => a !== '').sort()].join('+');
}

// A field a tag says, with the tags earlier in a list winning over later ones for the same field.
const FIELD_TAGS: [ReportInputField, string[]][] = [
  ['date', ['#date']],
  ['period_start', ['#date+start']],
  ['reported_on', ['#date+reported']],
  ['date_precision', ['#x_date_precision']],
  ['source', ['#meta+source']],
  ['via', ['#meta+via']],
  ['party', ['#x_party']],
  ['metric', ['#x_metric']],
  ['kind', ['#x_kind']],
  ['qualifier', ['#x_qualifier']],
  ['location', ['#loc+name', '#adm2+name', '#adm1+name', '#country+name']],
  ['event', ['#event+id']],
  ['url', ['#meta+url']],
  ['quote', ['#description+quote']],
  ['notes', ['#description+notes']],
];

/** Figure tags: the metric each one counts (`undefined` for `#affected+num`, whose metric is in #x_metric). */
const FIGURE_TAGS: Record<string, Metric | undefined> = {
  '#affected': undefined,
  '#affected+killed': 'killed',
  '#affected+injured': 'wounded',
  '#affected+wounded': 'wounded',
  '#affected+casualties': 'casualties',
  '#affected+missing': 'missing',
  '#affected+captured': 'captured',
  '#x_troops': 'troops',
};

const DATE_TAG_FIELDS = new Set<ReportInputField>(['date', 'period_start', 'reported_on']);
// Text our export neutralises for spreadsheets ("'=x"): an HXL file may be our own export coming back.
const TEXT_FIELDS = new Set<ReportInputField>(['source', 'via', 'party', 'location', 'event', 'url', 'quote', 'notes']);

/** What an HXL row says: the fields its tagged columns give, one figure per figure tag, and the tagged
 *  columns we do not read (a disaggregation such as #affected+killed+children is not a report by itself). */
export interface HxlMapping {
  tags: Record<string, string>;
  fields: Partial<Record<ReportInputField, FieldSource>>;
  figures: { name: string; sources: Partial<Record<ReportInputField, FieldSource>> }[];
  ignored: { column: string; tag: string }[];
}

const column = (name: string, field: ReportInputField): FieldSource => ({
  from: 'column',
  spec: { column: name, ...(DATE_TAG_FIELDS.has(field) ? { format: 'iso' } : {}) },
  ...(TEXT_FIELDS.has(field) ? { unneutralise: true } : {}),
});

/** Reads an HXL row (column → tag). */
export function hxlMapping(row: Record<string, unknown>): HxlMapping {
  const tags: Record<string, string> = {};
  const byTag = new Map<string, string>();
  for (const [name, cell] of Object.entries(row)) {
    if (typeof cell !== 'string' || cell.trim() === '') continue;
    const tag = normaliseHxlTag(cell);
    tags[name] = tag;
    if (!byTag.has(tag)) byTag.set(tag, name);
  }
  const used = new Set<string>();
  const fields: HxlMapping['fields'] = {};
  for (const [field, candidates] of FIELD_TAGS) {
    const tag = candidates.find((t) => byTag.has(t));
    if (tag === undefined) continue;
    const name = byTag.get(tag)!;
    fields[field] = column(name, field);
    used.add(name);
  }
  const figures: HxlMapping['figures'] = [];
  for (const [tag, name] of byTag) {
    const base = normaliseHxlTag(tag.split('+').filter((a) => a !== 'num').join('+'));
    if (!(base in FIGURE_TAGS)) continue;
    const sources: HxlMapping['figures'][number]['sources'] = { value: column(name, 'value') };
    used.add(name);
    for (const [end, field] of [['min', 'low'], ['max', 'high']] as const) {
      const endColumn = byTag.get(normaliseHxlTag(`${tag}+${end}`));
      if (endColumn !== undefined) {
        sources[field] = column(endColumn, field);
        used.add(endColumn);
      }
    }
    const metric = FIGURE_TAGS[base];
    if (metric !== undefined && !fields.metric) sources.metric = { from: 'default', value: metric };
    if (metric === 'troops' && !fields.kind) sources.kind = { from: 'default', value: 'estimate' };
    figures.push({ name: tag, sources });
  }
  const ignored = Object.entries(tags).filter(([name]) => !used.has(name)).map(([name, tag]) => ({ column: name, tag }));
  return { tags, fields, figures, ignored };
}

const FIGURE_FIELDS: ReportInputField[] = ['value', 'low', 'high'];
const STATED_FIELDS: ReportInputField[] = ['qualifier', 'low', 'high'];

/**
 * The templates of a recipe applied to an HXL file. A recipe that reads a figure itself keeps its
 * templates, and the tagged columns fill the fields it leaves open. A recipe that reads no figure (one
 * holding only defaults, or none) gets one template per figure tag; its defaults and fields go over what
 * the tags say, since they are what the user chose for this file.
 */
export function templatesWithHxl(recipeTemplates: EffectiveTemplate[], hxl: HxlMapping): EffectiveTemplate[] {
  const readsFigure = recipeTemplates.some((t) => FIGURE_FIELDS.some((f) => t.sources[f]?.from === 'column'));
  const fill = (t: EffectiveTemplate, under: Partial<Record<ReportInputField, FieldSource>>): EffectiveTemplate => {
    const sources = { ...under, ...t.sources };
    if (t.read === 'text') {
      // Stated text gives the qualifier, low and high itself: drop the tagged columns for them.
      for (const f of STATED_FIELDS) if (!t.sources[f]) delete sources[f];
    }
    return { ...t, sources };
  };
  if (readsFigure) return recipeTemplates.map((t) => fill(t, hxl.fields));
  const base = recipeTemplates[0]!;
  return hxl.figures.map((fig) => fill({ ...base, name: fig.name }, { ...hxl.fields, ...fig.sources }));
}
