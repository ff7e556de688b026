// Property test: the zod ReportInput schema against a plain reference predicate written from DESIGN.md's
// field table, on random bodies built as JSON text and parsed (as the API receives them): valid and
// invalid values of every field, padding, nulls, wrong types, unknown and `__proto__` keys.
import fc from 'fast-check';
import { ReportInput, fieldErrors } from '../../server/domain/report';

const FIELDS = ['source', 'via', 'party', 'metric', 'kind', 'date', 'date_precision', 'period_start', 'value',
  'qualifier', 'low', 'high', 'location', 'event', 'reported_on', 'url', 'quote', 'notes'] as const;
const METRICS = ['killed', 'wounded', 'casualties', 'missing', 'captured', 'troops'];
const KINDS = ['incident', 'tally', 'estimate'];
const QUALIFIERS = ['exact', 'about', 'at_least', 'at_most'];
const PRECISIONS = ['day', 'month', 'year'];

// ---------------------------------------------------------------------------------------------
// The reference: plain code, no zod, no shared helpers.

type Out = Record<string, string | number>;
interface Verdict { ok: boolean; bad: Set<string>; out: Out }

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}
function realDay(s: unknown): boolean {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  return y >= 1000 && m >= 1 && m <= 12 && d >= 1 && d <= monthLength(y, m);
}
/** null, undefined, '' and whitespace are absent; other strings are trimmed. */
function norm(v: unknown): unknown {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  return v;
}
function wholeCount(v: unknown): boolean {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}
function httpUrl(v: unknown): boolean {
  if (typeof v !== 'string' || v.length > 2000) return false;
  try {
    const p = new URL(v).protocol;
    return p === 'http:' || p === 'https:';
  } catch {
    return false;
  }
}

/** Control characters other than tab, LF and CR are refused in text. */
// Control characters, and the bidirectional embedding, override and isolate marks (DESIGN "The report").
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

function reference(body: unknown): Verdict {
  const bad = new Set<string>();
  const out: Out = {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, bad, out };
  const b = body as Record<string, unknown>;
  for (const k of Object.keys(b)) if (!(FIELDS as readonly string[]).includes(k)) bad.add(k);
  const field = (k: string) => (Object.prototype.hasOwnProperty.call(b, k) ? b[k] : undefined);

  const requiredText = (k: string, max: number) => {
    const raw = field(k);
    const v = typeof raw === 'string' ? raw.trim() : raw;
    if (typeof v !== 'string' || v.length < 1 || v.length > max || CONTROL.test(v)) bad.add(k);
    else out[k] = v;
  };
  const optional = (k: string, ok: (v: unknown) => boolean, fallback?: string) => {
    const v = norm(field(k));
    if (v === undefined) {
      if (fallback !== undefined) out[k] = fallback;
    } else if (!ok(v)) bad.add(k);
    else out[k] = v as string | number;
  };
  const required = (k: string, ok: (v: unknown) => boolean) => {
    const v = norm(field(k));
    if (v === undefined || !ok(v)) bad.add(k);
    else out[k] = v as string | number;
  };
  const text = (max: number) => (v: unknown) => typeof v === 'string' && v.length <= max && !CONTROL.test(v);
  const oneOf = (xs: string[]) => (v: unknown) => typeof v === 'string' && xs.includes(v);

  requiredText('source', 200);
  requiredText('party', 200);
  optional('via', text(200));
  optional('location', text(200));
  optional('event', text(200));
  optional('quote', text(2000));
  optional('notes', text(2000));
  required('metric', oneOf(METRICS));
  required('kind', oneOf(KINDS));
  required('date', realDay);
  optional('date_precision', oneOf(PRECISIONS), 'day');
  optional('qualifier', oneOf(QUALIFIERS), 'exact');
  optional('period_start', realDay);
  optional('reported_on', realDay);
  optional('value', wholeCount);
  optional('low', wholeCount);
  optional('high', wholeCount);
  optional('url', httpUrl);
  if (bad.size > 0) return { ok: false, bad, out };

  // Every field here passed its own check: the numbers are numbers, the days strings, date present.
  const num = (k: string) => out[k] as number | undefined;
  const value = num('value');
  const low = num('low');
  const high = num('high');
  const { kind, metric, period_start: ps, date_precision: prec } = out as Record<string, string | undefined>;
  const date = out.date as string;
  const rules = [
    value !== undefined || (low !== undefined && high !== undefined),
    low === undefined || value === undefined || low <= value,
    high === undefined || value === undefined || high >= value,
    low === undefined || high === undefined || low <= high,
    (kind === 'tally') === (ps !== undefined),
    ps === undefined || ps <= date,
    (metric === 'troops') === (kind === 'estimate'),
    prec !== 'month' || isLastOfMonth(date),
    prec !== 'year' || date.endsWith('-12-31'),
  ];
  return { ok: rules.every(Boolean), bad, out };
}

function monthLength(y: number, m: number): number {
  return [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}
function isLastOfMonth(day: string): boolean {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return d === monthLength(y, m);
}

// ---------------------------------------------------------------------------------------------
// Generators: mostly plausible values, often broken ones.

const pad = (a: fc.Arbitrary<string>) => fc.tuple(fc.constantFrom('', ' ', '\t', '  \n'), a, fc.constantFrom('', ' ', '\u00a0'))
  .map(([l, s, r]) => l + s + r);
const anyJson = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.string(), fc.constant([]), fc.constant({}),
  fc.constantFrom(1e300, -1, 1.5, 2 ** 53, -0, '12', '', ' '));
const textOf = (max: number) => fc.oneof(
  { weight: 30, arbitrary: pad(fc.string({ minLength: 1, maxLength: 12 })) },
  { weight: 1, arbitrary: fc.string({ minLength: max - 2, maxLength: max + 2, unit: 'grapheme-ascii' }) },
  { weight: 1, arbitrary: fc.constantFrom('<script>alert(1)</script>', '=HYPERLINK("x")', 'київ', '\u0000', '   ', 'AFP\u202e', '\u2066x\u2069', 'غزة\u200f', 'אזרחים\u200e') },
  { weight: 1, arbitrary: anyJson },
);
const dayArb = fc.oneof(
  { weight: 30, arbitrary: fc.tuple(fc.integer({ min: 2019, max: 2022 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
    .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`) },
  { weight: 8, arbitrary: fc.tuple(fc.constantFrom(1900, 2000, 2020, 2021, 2024, 2100, 1, 0, 9999), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
    .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`) },
  { weight: 1, arbitrary: fc.constantFrom('2021-1-01', '2021-12-31T00:00', '20211231', ' 2021-12-31 ', '2021-02-29', '2024-02-29', '2021-04-30', '2021-10-31') },
  { weight: 1, arbitrary: anyJson },
);
const countArb = fc.oneof(
  { weight: 30, arbitrary: fc.integer({ min: 0, max: 200 }) },
  { weight: 1, arbitrary: fc.constantFrom(-1, 0.5, 1e300, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, '5', '') },
  { weight: 1, arbitrary: anyJson },
);
const enumArb = (xs: string[]) => fc.oneof({ weight: 30, arbitrary: pad(fc.constantFrom(...xs)) }, { weight: 1, arbitrary: fc.constantFrom('KILLED', 'other', '') }, { weight: 1, arbitrary: anyJson });
const urlArb = fc.oneof(fc.webUrl(), fc.webUrl(), fc.webUrl(), fc.constantFrom('javascript:alert(1)', 'ftp://x.org', 'http://', 'https://a.b/' + 'x'.repeat(2000), 'data:text/html,<b>', ' https://afp.com '), anyJson);

const gens: Record<(typeof FIELDS)[number], fc.Arbitrary<unknown>> = {
  source: textOf(200), via: textOf(200), party: textOf(200), location: textOf(200), event: textOf(200),
  quote: textOf(2000), notes: textOf(2000),
  metric: enumArb(METRICS), kind: enumArb(KINDS), date_precision: enumArb(PRECISIONS), qualifier: enumArb(QUALIFIERS),
  date: dayArb, period_start: dayArb, reported_on: dayArb, value: countArb, low: countArb, high: countArb, url: urlArb,
};
const REQUIRED = new Set(['source', 'party', 'metric', 'kind', 'date', 'value']);

/** A body as JSON text: each field present with a probability (required ones usually), plus odd keys. */
const bodyText = fc.tuple(
  ...FIELDS.map((f) => fc.option(gens[f], { freq: REQUIRED.has(f) ? 12 : 2, nil: undefined })),
  fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'Source', 'revision') }),
  fc.option(anyJson, { nil: undefined }),
).map((vals) => {
  const parts: string[] = [];
  FIELDS.forEach((f, i) => {
    const v = vals[i];
    if (v !== undefined) parts.push(`${JSON.stringify(f)}:${JSON.stringify(v)}`);
  });
  const extraKey = vals[FIELDS.length] as string | undefined;
  if (extraKey !== undefined) parts.push(`${JSON.stringify(extraKey)}:${JSON.stringify(vals[FIELDS.length + 1] ?? 1)}`);
  return `{${parts.join(',')}}`;
});

/** Tallies and estimates need matching fields: a second generator that produces coherent bodies often. */
const coherentText = fc.record({
  kind: fc.constantFrom('incident', 'tally', 'estimate'),
  date: dayArb,
  period_start: dayArb,
  precision: fc.constantFrom(undefined, 'day', 'month', 'year'),
  value: fc.option(countArb, { nil: undefined }),
  low: fc.option(countArb, { nil: undefined }),
  high: fc.option(countArb, { nil: undefined }),
  metric: fc.constantFrom(...METRICS),
}).map((r) => JSON.stringify({
  source: 'AFP', party: 'Ukrainian forces', metric: r.kind === 'estimate' ? 'troops' : r.metric, kind: r.kind, date: r.date,
  ...(r.kind === 'tally' ? { period_start: r.period_start } : {}), date_precision: r.precision,
  value: r.value, low: r.low, high: r.high,
}));

const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

function check(text: string): boolean {
  const body: unknown = JSON.parse(text);
  const want = reference(body);
  const got = ReportInput.safeParse(body);
  if (got.success !== want.ok) expect({ text, valid: got.success }).toEqual({ text, valid: want.ok });
  if (got.success) {
    const data = defined(got.data as Record<string, unknown>);
    if (JSON.stringify(data) !== JSON.stringify(want.out)) expect(data).toEqual(want.out);
  } else {
    // Every field the reference finds bad on its own is named in the error answer.
    const named = Object.keys(fieldErrors(got.error.issues));
    const missing = [...want.bad].filter((k) => !named.includes(k));
    if (missing.length > 0) expect({ text, named }).toEqual({ text, named: [...want.bad] });
  }
  return got.success;
}

describe('ReportInput against a reference predicate', () => {
  test('agrees on random bodies (valid and invalid), field by field', () => {
    let valid = 0;
    fc.assert(fc.property(bodyText, (t) => { if (check(t)) valid++; }), { numRuns: 3000 });
    // The generator must reach valid bodies too, or the comparison proves little.
    expect(valid).toBeGreaterThan(20);
  });

  test('agrees on coherent bodies where the cross-field rules decide', () => {
    let valid = 0;
    fc.assert(fc.property(coherentText, (t) => { if (check(t)) valid++; }), { numRuns: 3000 });
    expect(valid).toBeGreaterThan(150);
  });

  test('non-objects are refused', () => {
    for (const t of ['null', '[]', '1', '"x"', 'true', '[{"source":"AFP"}]']) {
      expect(ReportInput.safeParse(JSON.parse(t)).success).toBe(false);
    }
  });
});
