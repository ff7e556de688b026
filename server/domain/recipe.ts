// The import recipe (DESIGN.md "Bringing data in: recipes"): a small JSON document saying how the rows
// of someone else's file become reports. One zod schema, so every wrong key is named by its path; the
// server, the import script and the import dialog all validate recipes with it.
// Pure: imports nothing from Node (TextDecoder and date-fns exist in browsers too).
import { z } from 'zod';
import { DECIMAL_MARKS, type DecimalMark } from './figure-text';
import { DATE_FIELDS, checkDateFormat, type DateField } from './recipe-dates';
import { REPORT_INPUT_FIELDS, ReportInput, fieldErrors, type FieldErrors, type ReportInputField } from './report';

export const RECIPE_FORMATS = ['csv', 'xlsx', 'json', 'ndjson'] as const;
export type RecipeFormat = (typeof RECIPE_FORMATS)[number];

/** How a cell without an entry in a field's `map` is read: an error (the default, so that a typo in a map
 *  cannot slip a raw code into the reports), the cell as it is, or absent. */
export const UNMAPPED = ['error', 'keep', 'empty'] as const;

/** How the figure cell is read: a plain number, or the words it was stated in ("about 40"). */
export const FIGURE_READS = ['number', 'text'] as const;

const textOf = (max: number) =>
  z.string({ error: (iss) => (iss.input === undefined ? 'required' : 'must be text') })
    .trim().min(1, 'required').max(max, `at most ${max} characters`);

const column = textOf(500);
const scalar = z.union([z.string(), z.number(), z.boolean()], { error: 'must be text, a number or true/false' });
const scalars = z.array(scalar, { error: 'must be a list of values' }).min(1, 'must name at least one value').max(10_000, 'at most 10000 values');

const OPERATORS = ['equals', 'not_equals', 'in', 'not_in', 'empty'] as const;

/** One row filter: the row is kept when its cell in `column` passes the one operator given. Cells are
 *  compared as trimmed text ("1" equals 1); `empty: true` keeps rows whose cell is blank, `false` the others. */
const Condition = z.strictObject({
  column,
  equals: scalar.optional(),
  not_equals: scalar.optional(),
  in: scalars.optional(),
  not_in: scalars.optional(),
  empty: z.boolean({ error: 'must be true or false' }).optional(),
}).refine((c) => OPERATORS.filter((o) => c[o] !== undefined).length === 1, {
  message: `needs exactly one of ${OPERATORS.join(', ')}`,
});
export type Condition = z.output<typeof Condition>;

const dateFormat = z.string({ error: 'must be text' }).check((ctx) => {
  const c = checkDateFormat(ctx.value);
  if (!c.ok) ctx.issues.push({ code: 'custom', message: c.message, input: ctx.value });
});

/** A report field read from a column: `"column name"` or `{ column, map, unmapped, format }`. */
const FieldFromColumn = z.preprocess(
  (v) => (typeof v === 'string' ? { column: v } : v),
  z.strictObject({
    column,
    map: z.record(z.string(), z.union([z.string(), z.null()], { error: 'must be text, or null for absent' }), { error: 'must map cell values to text' }).optional(),
    unmapped: z.enum(UNMAPPED, { error: `must be one of ${UNMAPPED.join(', ')}` }).optional(),
    format: dateFormat.optional(),
  }, { error: 'must be a column name, or an object with a column' }),
);
export type FieldFromColumn = z.output<typeof FieldFromColumn>;

const Fields = z.strictObject(
  Object.fromEntries(REPORT_INPUT_FIELDS.map((f) => [f, FieldFromColumn.optional()])) as Record<ReportInputField, z.ZodOptional<typeof FieldFromColumn>>,
  { error: 'must be an object of report fields' },
).superRefine((fields, ctx) => {
  for (const [name, spec] of Object.entries(fields) as [ReportInputField, FieldFromColumn | undefined][]) {
    if (!spec) continue;
    if (spec.format !== undefined && !(DATE_FIELDS as readonly string[]).includes(name)) {
      ctx.addIssue({ code: 'custom', path: [name, 'format'], message: `only a date field (${DATE_FIELDS.join(', ')}) has a format` });
    }
    if (name === 'reported_on' && spec.format !== undefined) {
      const c = checkDateFormat(spec.format);
      if (c.ok && c.precision !== 'day') ctx.addIssue({ code: 'custom', path: [name, 'format'], message: 'the publication day needs a pattern with a day (dd)' });
    }
    if (spec.unmapped !== undefined && spec.map === undefined) {
      ctx.addIssue({ code: 'custom', path: [name, 'unmapped'], message: 'only with a map' });
    }
  }
});
export type Fields = z.output<typeof Fields>;

/** Fixed report fields, each checked by the report's own rule for it. */
const Defaults = z.strictObject(ReportInput.shape, { error: 'must be an object of report fields' }).partial();
export type Defaults = z.output<typeof Defaults>;

const Figure = z.strictObject({
  read: z.enum(FIGURE_READS, { error: `must be one of ${FIGURE_READS.join(', ')}` }).optional(),
  decimal_mark: z.enum(DECIMAL_MARKS, { error: 'must be "." or ","' }).optional(),
});

const Template = z.strictObject({
  name: textOf(100),
  defaults: Defaults.optional(),
  fields: Fields.optional(),
  figure: Figure.optional(),
});

const common = {
  description: textOf(2000).optional(),
  where: z.array(Condition, { error: 'must be a list of conditions' }).max(100, 'at most 100 conditions').optional(),
  defaults: Defaults.optional(),
  fields: Fields.optional(),
  figure: Figure.optional(),
  templates: z.array(Template, { error: 'must be a list of templates' }).min(1, 'must hold at least one template').max(100, 'at most 100 templates').optional(),
  key: z.array(z.enum(REPORT_INPUT_FIELDS, { error: 'must be a report field' }), { error: 'must be a list of report fields' }).min(1, 'must name at least one field').optional(),
};

const encoding = z.string({ error: 'must be text' }).check((ctx) => {
  try {
    new TextDecoder(ctx.value);
  } catch {
    ctx.issues.push({ code: 'custom', message: `"${ctx.value}" is not an encoding this server knows (e.g. utf-8, windows-1252, latin1, utf-16le)`, input: ctx.value });
  }
});

const CsvRecipe = z.strictObject({
  format: z.literal('csv'),
  ...common,
  delimiter: z.string({ error: 'must be text' }).length(1, 'must be one character')
    .refine((d) => !/["\r\n]/.test(d), 'cannot be a quote or a line break').optional(),
  encoding: encoding.optional(),
});

const SHEET = 'must be a sheet name or its number, from 1';

const XlsxRecipe = z.strictObject({
  format: z.literal('xlsx'),
  ...common,
  sheet: z.union([textOf(200), z.number().int(SHEET).min(1, SHEET)], { error: SHEET }).optional(),
  header_row: z.number({ error: 'must be a row number, from 1' }).int('must be a row number, from 1').min(1, 'must be a row number, from 1').optional(),
});

const JsonRecipe = z.strictObject({
  format: z.literal('json'),
  ...common,
  path: textOf(500).optional(),
});

const NdjsonRecipe = z.strictObject({ format: z.literal('ndjson'), ...common });

/** A field's source in one template: a column, or a fixed value. `unneutralise`: the column is text our
 *  own export wrote, which puts a ' before formula-looking text (DESIGN.md "Interfaces", CSV). */
export type FieldSource = { from: 'column'; spec: FieldFromColumn; unneutralise?: boolean } | { from: 'default'; value: unknown };

/** A template as the mapper uses it: the recipe's own fields and defaults with the template's over them. */
export interface EffectiveTemplate {
  name: string;
  sources: Partial<Record<ReportInputField, FieldSource>>;
  read: (typeof FIGURE_READS)[number];
  decimalMark: DecimalMark;
}

/** The name of the one template of a recipe without `templates`. */
export const IMPLICIT_TEMPLATE = 'report';

type RecipeLevel = { defaults?: Defaults; fields?: Fields; figure?: z.output<typeof Figure> };

/** Each template with what it inherits: recipe defaults, then recipe fields, then the template's defaults,
 *  then its fields, each later one replacing an earlier one for the same report field. */
export function effectiveTemplates(recipe: RecipeLevel & { templates?: (RecipeLevel & { name: string })[] }): EffectiveTemplate[] {
  const templates = recipe.templates ?? [{ name: IMPLICIT_TEMPLATE }];
  return templates.map((t) => {
    const sources: Partial<Record<ReportInputField, FieldSource>> = {};
    for (const level of [recipe, t]) {
      for (const [f, value] of Object.entries(level.defaults ?? {})) {
        if (value !== undefined) sources[f as ReportInputField] = { from: 'default', value };
      }
      for (const [f, spec] of Object.entries(level.fields ?? {})) {
        if (spec) sources[f as ReportInputField] = { from: 'column', spec };
      }
    }
    return {
      name: t.name,
      sources,
      read: t.figure?.read ?? recipe.figure?.read ?? 'number',
      decimalMark: t.figure?.decimal_mark ?? recipe.figure?.decimal_mark ?? '.',
    };
  });
}

const STATED = ['qualifier', 'low', 'high'] as const;

function checkLevel(level: RecipeLevel, path: (string | number)[], ctx: z.core.$RefinementCtx) {
  for (const f of Object.keys(level.fields ?? {})) {
    if ((level.defaults as Record<string, unknown> | undefined)?.[f] !== undefined) {
      ctx.addIssue({ code: 'custom', path: [...path, 'fields', f], message: 'is also in defaults: a field comes from a column or a default, not both' });
    }
  }
}

function checkRecipe(recipe: z.output<typeof CsvRecipe | typeof XlsxRecipe | typeof JsonRecipe | typeof NdjsonRecipe>, ctx: z.core.$RefinementCtx) {
  checkLevel(recipe, [], ctx);
  const names = new Map<string, number>();
  recipe.templates?.forEach((t, i) => {
    checkLevel(t, ['templates', i], ctx);
    const earlier = names.get(t.name);
    if (earlier !== undefined) ctx.addIssue({ code: 'custom', path: ['templates', i, 'name'], message: `is also the name of template ${earlier + 1}` });
    else names.set(t.name, i);
  });
  effectiveTemplates(recipe).forEach((t, i) => {
    if (t.read !== 'text') return;
    // Stated text gives the qualifier, low and high itself.
    const clash = STATED.filter((f) => t.sources[f] !== undefined);
    if (clash.length > 0) {
      const path = recipe.templates ? ['templates', i, 'figure', 'read'] : ['figure', 'read'];
      ctx.addIssue({ code: 'custom', path, message: `"text" reads the qualifier, low and high from the figure's words: drop ${clash.join(', ')} from fields and defaults` });
    }
  });
  const seen = new Set<string>();
  recipe.key?.forEach((k, i) => {
    if (seen.has(k)) ctx.addIssue({ code: 'custom', path: ['key', i], message: 'is named twice' });
    seen.add(k);
  });
}

export const Recipe = z.discriminatedUnion('format', [CsvRecipe, XlsxRecipe, JsonRecipe, NdjsonRecipe], {
  // A missing or unknown format is reported on `format`; anything but an object on the whole body.
  error: (iss) => ('discriminator' in iss ? `must be one of ${RECIPE_FORMATS.join(', ')}` : 'must be a JSON object'),
}).superRefine(checkRecipe);
export type Recipe = z.infer<typeof Recipe>;

/** Validates a recipe; the errors are keyed by path ("fields.date.format", "templates.1.name"). */
export function parseRecipe(input: unknown): { ok: true; recipe: Recipe } | { ok: false; fields: FieldErrors } {
  const r = Recipe.safeParse(input);
  return r.success ? { ok: true, recipe: r.data } : { ok: false, fields: fieldErrors(r.error.issues) };
}

/** The date fields a field name may be, for callers that place dates. */
export function isDateField(f: string): f is DateField {
  return (DATE_FIELDS as readonly string[]).includes(f);
}
