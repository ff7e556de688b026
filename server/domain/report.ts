// The report: one number from one source (DESIGN.md "The report").
// This module imports nothing from Node, the database or express: the browser bundle uses it too.
import { z } from 'zod';

export * from './report-fields';
import {
  DATE_PRECISIONS, KINDS, METRICS, QUALIFIERS, isCalendarDay, lastDayOfMonth,
} from './report-fields';

// Strings are trimmed; an empty optional string (or null) is absent.
const emptyToUndefined = (v: unknown) => {
  if (v === null) return undefined;
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? undefined : t;
  }
  return v;
};

// Control characters other than tab, LF and CR have no place in a report's words; one of them (U+001F)
// also separates the keys of the facet counts.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** No control characters but tab, LF and CR (which quotes and notes may hold). */
export const noControl = (s: string) => !CONTROL.test(s);
export const NO_CONTROL = 'must not contain control characters';
// The bidirectional embedding, override and isolate marks make a name display as another ("AFP" and an
// override can show as a different source); the left-to-right and right-to-left marks (U+200E, U+200F)
// that Arabic and Hebrew text needs stay allowed.
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;
export const noBidiControl = (s: string) => !BIDI_CONTROL.test(s);
export const NO_BIDI_CONTROL = 'must not contain bidirectional embedding, override or isolate marks (U+202A–U+202E, U+2066–U+2069)';

/** Text a person can read as it is: no control characters, no bidirectional override or isolate marks. */
export const plainText = <T extends z.ZodString>(schema: T) => schema.refine(noControl, NO_CONTROL).refine(noBidiControl, NO_BIDI_CONTROL);

const requiredText = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    plainText(z.string({ error: (iss) => (iss.input === undefined ? 'required' : 'must be text') })
      .min(1, 'required')
      .max(max, `at most ${max} characters`)),
  );

const optionalText = (max: number) =>
  z.preprocess(emptyToUndefined, plainText(z.string({ error: 'must be text' }).max(max, `at most ${max} characters`)).optional());

const day = z.string({ error: (iss) => (iss.input === undefined ? 'required' : 'must be a date YYYY-MM-DD') })
  .refine(isCalendarDay, 'must be a real date written YYYY-MM-DD');

const count = z.number({ error: 'must be a whole number' }).check((ctx) => {
  const n = ctx.value;
  // One message per fault: 1e300 is "too large", not also "not whole".
  const message = !Number.isFinite(n) || n > Number.MAX_SAFE_INTEGER ? 'is too large'
    : !Number.isInteger(n) ? 'must be a whole number'
      : n < 0 ? 'must be 0 or more' : undefined;
  if (message) ctx.issues.push({ code: 'custom', message, input: n });
});

const enumOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, {
    error: (iss) => (iss.input === undefined ? 'required' : `must be one of ${values.join(', ')}`),
  });

const optionalEnumOf = <T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
  z.preprocess(emptyToUndefined, enumOf(values).optional().default(fallback as never));

const httpUrl = z.string({ error: 'must be text' })
  .max(2000, 'at most 2000 characters')
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');

const reportFields = z.strictObject({
  source: requiredText(200),
  via: optionalText(200),
  party: requiredText(200),
  metric: z.preprocess(emptyToUndefined, enumOf(METRICS)),
  kind: z.preprocess(emptyToUndefined, enumOf(KINDS)),
  date: z.preprocess(emptyToUndefined, day),
  date_precision: optionalEnumOf(DATE_PRECISIONS, 'day'),
  period_start: z.preprocess(emptyToUndefined, day.optional()),
  value: z.preprocess(emptyToUndefined, count.optional()),
  qualifier: optionalEnumOf(QUALIFIERS, 'exact'),
  low: z.preprocess(emptyToUndefined, count.optional()),
  high: z.preprocess(emptyToUndefined, count.optional()),
  location: optionalText(200),
  event: optionalText(200),
  reported_on: z.preprocess(emptyToUndefined, day.optional()),
  url: z.preprocess(emptyToUndefined, httpUrl.optional()),
  quote: optionalText(2000),
  notes: optionalText(2000),
});

type Fields = z.output<typeof reportFields>;

/** Runs a cross-field rule even when other fields are invalid, as long as the ones it reads are fine,
 *  so that a form shows every error at once. */
function rule(
  reads: (keyof Fields)[],
  path: keyof Fields,
  message: string,
  ok: (r: Fields) => boolean,
) {
  return [
    (r: Fields) => ok(r),
    {
      path: [path] as PropertyKey[],
      message,
      when: (p: z.core.ParsePayload) =>
        typeof p.value === 'object' && p.value !== null && !Array.isArray(p.value) &&
        !p.issues.some((i) => reads.includes(i.path?.[0] as keyof Fields)),
    },
  ] as const;
}

const has = (v: unknown) => v !== undefined;

export const ReportInput = reportFields
  .refine(...rule(['value', 'low', 'high'], 'value', 'required unless both low and high are given',
    (r) => has(r.value) || (has(r.low) && has(r.high))))
  .refine(...rule(['value', 'low'], 'low', 'must not be above value',
    (r) => !(has(r.low) && has(r.value)) || r.low! <= r.value!))
  .refine(...rule(['value', 'high'], 'high', 'must not be below value',
    (r) => !(has(r.high) && has(r.value)) || r.high! >= r.value!))
  .refine(...rule(['low', 'high'], 'high', 'must not be below low',
    (r) => !(has(r.low) && has(r.high)) || r.low! <= r.high!))
  .refine(...rule(['kind', 'period_start'], 'period_start', 'required for a tally (the first day it covers)',
    (r) => r.kind !== 'tally' || has(r.period_start)))
  .refine(...rule(['kind', 'period_start'], 'period_start', 'only a tally has a period start',
    (r) => r.kind === 'tally' || !has(r.period_start)))
  .refine(...rule(['period_start', 'date'], 'period_start', 'must not be after date',
    (r) => !has(r.period_start) || r.period_start! <= r.date))
  .refine(...rule(['metric', 'kind'], 'kind', 'troops are always an estimate, and an estimate is always troops',
    (r) => (r.metric === 'troops') === (r.kind === 'estimate')))
  .refine(...rule(['date', 'date_precision'], 'date', "with month precision the date is the month's last day",
    (r) => r.date_precision !== 'month' || r.date === lastDayOfMonth(r.date)))
  .refine(...rule(['date', 'date_precision'], 'date', 'with year precision the date is 31 December',
    (r) => r.date_precision !== 'year' || r.date.endsWith('-12-31')));

/** A validated report as written: absent optional fields are `undefined`. */
export type ReportInput = z.output<typeof ReportInput>;

/** Field error map of DESIGN.md's error shape, built from zod issues. */
export type FieldErrors = Record<string, string[]>;

export function fieldErrors(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  // No prototype: a field named "__proto__" is a key like any other.
  const out: FieldErrors = Object.create(null) as FieldErrors;
  const add = (k: string, m: string) => (out[k] ??= []).includes(m) || out[k]!.push(m);
  for (const i of issues) {
    if (i.code === 'unrecognized_keys') {
      // Under the path of the object that has them: "fields.sorce" in a recipe, "sorce" in a report.
      for (const k of i.keys) add([...i.path, k].map(String).join('.'), 'unknown field');
    } else if (i.path.length === 0) {
      add('body', i.code === 'invalid_type' ? 'must be a JSON object' : i.message);
    } else {
      add(i.path.map(String).join('.'), i.message);
    }
  }
  return out;
}

/** Renaming a source or party across its reports; merging when `to` already exists. */
export const RenameInput = z.strictObject({
  field: z.enum(['source', 'party'], { error: 'must be source or party' }),
  from: requiredText(200),
  to: requiredText(200),
  dry_run: z.boolean({ error: 'must be true or false' }).optional().default(false),
}).refine((r) => r.from !== r.to, { path: ['to'], message: 'must differ from the current name', when: (p) => !p.issues.some((i) => i.path?.[0] === 'from' || i.path?.[0] === 'to') });
export type RenameInput = z.output<typeof RenameInput>;
