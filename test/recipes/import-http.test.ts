// The publishers' original series through POST /api/import with the shipped recipes (issue 13, "What it
// must show" 1 and 3): into an empty database they give exactly the reports of the sample CSVs (every
// field but ids and timestamps, compared as multisets); importing again changes nothing; a re-publication
// with one figure revised is one update (a revision) by the recipe's key, the rest unchanged.
import fs from 'node:fs';
import path from 'node:path';
import { csvRecordToInput } from '../../server/domain/csv';
import { REPORT_INPUT_FIELDS, ReportInput } from '../../server/domain/report';
import { parseCsvSync } from '../../server/csv/parse';
import { counts, testApp, type TestApp } from '../helpers';

const DATA = path.join(__dirname, '..', '..', 'data');
const original = (f: string) => fs.readFileSync(path.join(DATA, 'samples', 'original', f));

/** A report as a canonical string: every field given, keys sorted. */
const canonical = (r: Record<string, unknown>) => {
  const present = Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null && v !== undefined));
  return JSON.stringify(present, Object.keys(present).sort());
};

function multiset(items: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const i of items) m.set(i, (m.get(i) ?? 0) + 1);
  return m;
}

/** The sample CSV's reports, read without the code under test's import path. */
const sampleReports = (csv: string) =>
  parseCsvSync(fs.readFileSync(path.join(DATA, 'samples', csv))).map(({ record }) => canonical(ReportInput.parse(csvRecordToInput(record).input)));

/** Every live report in the database, every input field. */
const storedReports = (t: TestApp) =>
  (t.db.prepare(`SELECT ${REPORT_INPUT_FIELDS.join(', ')} FROM reports WHERE deleted = 0`).all() as Record<string, unknown>[]).map(canonical);

describe.each([
  ['gaza-daily', 'casualties_daily.json', 'gaza-daily.csv', 2302],
  ['lebanon-daily', 'lebanon_casualties_daily.json', 'lebanon-daily.csv', 374],
])('the %s original with its shipped recipe, over HTTP', (recipe, file, csv, n) => {
  let t: TestApp;
  beforeAll(() => {
    t = testApp();
  });
  afterAll(() => t.close());

  test(`into an empty database: exactly the reports of ${csv}`, async () => {
    const dry = await t.http.post(`/api/import?recipe=${recipe}&dry_run=1`).set(t.auth).type('application/json').send(original(file).toString('utf8'));
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ inserted: n, updated: 0, unchanged: 0, rejected: [], dry_run: true });
    expect(dry.body.reports).toHaveLength(20);
    expect(counts(t.db)).toEqual({ reports: 0, revisions: 0 });

    // As the dialog sends it: a form with the recipe's name, then the file.
    const res = await t.http.post('/api/import').set(t.auth).field('recipe', recipe).attach('file', original(file), file);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ inserted: n, updated: 0, unchanged: 0, rejected: [], dry_run: false });
    expect(res.body.reports).toBeUndefined();
    const stored = storedReports(t);
    expect(stored).toHaveLength(n);
    expect(multiset(stored)).toEqual(multiset(sampleReports(csv)));
    // The dry run's first reports are the first stored, field for field.
    const firstIds = t.db.prepare(`SELECT ${REPORT_INPUT_FIELDS.join(', ')} FROM reports ORDER BY id LIMIT 20`).all();
    expect(dry.body.reports.map((r: { report: unknown }) => r.report)).toEqual(firstIds);
  });

  test('importing it again: all unchanged, nothing written', async () => {
    const before = counts(t.db);
    const res = await t.http.post(`/api/import?recipe=${recipe}`).set(t.auth).type('application/octet-stream').send(original(file));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ inserted: 0, updated: 0, unchanged: n, rejected: [] });
    expect(counts(t.db)).toEqual(before);
  });
});

test('a Gaza re-publication with one figure revised: one update (a revision) by the recipe\'s key, the rest unchanged', async () => {
  const t = testApp();
  try {
    const first = await t.http.post('/api/import?recipe=gaza-daily').set(t.auth).type('application/json').send(original('casualties_daily.json').toString('utf8'));
    expect(first.body.inserted).toBe(2302);
    const days = JSON.parse(original('casualties_daily.json').toString('utf8')) as Record<string, unknown>[];
    const day = days.find((d) => d.report_date === '2024-03-01')!;
    const was = day.killed_cum as number;
    day.killed_cum = was + 7;
    const revised = Buffer.from(JSON.stringify(days));

    const res = await t.http.post('/api/import?recipe=gaza-daily').set(t.auth).type('application/json').send(revised.toString('utf8'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ inserted: 0, updated: 1, unchanged: 2301, rejected: [] });
    const row = t.db.prepare("SELECT id, value, revision FROM reports WHERE date = '2024-03-01' AND metric = 'killed' AND party = 'Palestinians in Gaza'").get() as { id: number; value: number; revision: number };
    expect(row).toEqual({ id: row.id, value: was + 7, revision: 2 });
    const history = (await t.http.get(`/api/reports/${row.id}/history`)).body.items as { revision: number; action: string; report: { value: number } }[];
    expect(history.map((h) => [h.revision, h.action, h.report.value])).toEqual([[1, 'create', was], [2, 'update', was + 7]]);
    expect(counts(t.db).reports).toBe(2302);
  } finally {
    t.close();
  }
});
