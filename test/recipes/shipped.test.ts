// The shipped recipes (data/recipes) against the publisher's original files: mapping each original with
// its recipe gives exactly the reports of the sample CSV (every field, compared as multisets).
import fs from 'node:fs';
import path from 'node:path';
import { csvRecordToInput } from '../../server/domain/csv';
import type { Recipe } from '../../server/domain/recipe';
import { ReportInput } from '../../server/domain/report';
import { parseCsvSync } from '../../server/csv/parse';
import { mapFile, type MappedRecord } from '../../server/recipes';
import { validRecipe } from './support';

const ROOT = path.join(__dirname, '..', '..', 'data');

const recipe = (name: string): Recipe => validRecipe(JSON.parse(fs.readFileSync(path.join(ROOT, 'recipes', `${name}.json`), 'utf8')));

/** A report as a canonical string: every field, keys sorted, absent fields left out. */
const canonical = (input: ReportInput) => JSON.stringify(input, Object.keys(input).sort());

function multiset(items: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const i of items) m.set(i, (m.get(i) ?? 0) + 1);
  return m;
}

function sampleReports(csv: string): string[] {
  return parseCsvSync(fs.readFileSync(path.join(ROOT, 'samples', csv))).map(({ record }) => canonical(ReportInput.parse(csvRecordToInput(record).input)));
}

describe.each([
  ['gaza-daily', 'casualties_daily.json', 'gaza-daily.csv', { rows: 1051, blank: 0, filtered: 28, empty_figures: 1790, reports: 2302, rejected: 0 }],
  ['lebanon-daily', 'lebanon_casualties_daily.json', 'lebanon-daily.csv', { rows: 187, blank: 0, filtered: 0, empty_figures: 0, reports: 374, rejected: 0 }],
])('%s.json', (name, original, csv, stats) => {
  let records: MappedRecord[];
  let mapped: ReturnType<typeof mapFile>;
  beforeAll(async () => {
    // As the import script reads a file: a stream.
    mapped = mapFile(recipe(name), fs.createReadStream(path.join(ROOT, 'samples', 'original', original)));
    records = [];
    for await (const r of mapped.records) records.push(r);
  });

  test(`gives exactly the reports of ${csv}`, () => {
    expect(records.filter((r) => !r.ok)).toEqual([]);
    const got = records.flatMap((r) => (r.ok ? [canonical(r.input)] : []));
    const want = sampleReports(csv);
    expect(got.length).toBe(want.length);
    expect(multiset(got)).toEqual(multiset(want));
    expect(mapped.stats).toEqual(stats);
  });

  test('its key names each report once, so a re-publication updates instead of adding', () => {
    const key = mapped.key!;
    expect(key.length).toBeGreaterThan(0);
    const keys = records.flatMap((r) => (r.ok ? [JSON.stringify(key.map((k) => r.input[k]))] : []));
    expect(new Set(keys).size).toBe(keys.length);
  });
});

test('the Lebanon recipe gives each phase its period start and OCHA-relayed figures their via', async () => {
  const m = mapFile(recipe('lebanon-daily'), fs.readFileSync(path.join(ROOT, 'samples', 'original', 'lebanon_casualties_daily.json')));
  const seen = new Map<string, number>();
  for await (const r of m.records) {
    if (!r.ok) continue;
    const k = `${r.input.period_start} ${r.input.via ?? '(none)'} ${r.template}`;
    seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  expect(Object.fromEntries([...seen].sort())).toEqual({
    '2023-10-08 (none) injured': 31, '2023-10-08 (none) killed': 31,
    '2023-10-08 UN OCHA injured': 25, '2023-10-08 UN OCHA killed': 25,
    '2026-03-02 (none) injured': 131, '2026-03-02 (none) killed': 131,
  });
});
