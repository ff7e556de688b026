// The export's SQLite-written CSV (csvLineSql, exportPage 'csv', writeCsvExport) against the JavaScript
// writer it replaced (csvLineOfValues over the raw row values) and against csv-stringify: byte for byte,
// for any text the schema lets a report hold, over every page boundary.
import { isUtf8 } from 'node:buffer';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { openDatabase, type DB } from '../server/db/connection';
import { createStore } from '../server/db/store';
import { writeCsvExport } from '../server/csv/export';
import { CSV_COLUMNS, CSV_TEXT_COLUMNS, csvLine, csvLineOfValues, csvLineSql } from '../server/domain/csv';

/** DESIGN's rule, written here apart from the code under test: a text cell a spreadsheet would run as a
 *  formula (=, +, -, @, tab or CR at its start, after any apostrophes already there) gets one more '. */
const defused = (text: string): string => {
  const first = text.replace(/^'+/, '').charAt(0);
  return first !== '' && '=+-@\t\r'.includes(first) ? `'${text}` : text;
};
import { REPORT_INPUT_FIELDS } from '../server/domain/report';

type Values = (string | number | null)[];
const TEXT = new Set<string>(CSV_TEXT_COLUMNS);

// Text as hostile as the table allows: quotes, commas, CR, LF, tab, formula starts behind apostrophes,
// non-ASCII, astral characters, lone surrogates (stored as U+FFFD), control characters, NUL after the
// first character (the CHECKs measure length up to a NUL, so a text cannot start with one).
const unit = fc.constantFrom('a', ' ', ',', '"', '\r', '\n', '\t', '=', '+', '-', '@', "'", 'Ж', 'ї', '😀', '\u0000', '\u001f', '\u2028', '\ud800');
const rawText = fc.oneof(
  fc.string({ unit, minLength: 1, maxLength: 14 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 14 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 14 }),
  fc.constantFrom('=SUM(A1)', '+380', '-5', '@x', '\tx', '\rx', "'=x", "''+x", "'''", "'", "'a", 'Київ, "центр"', 'a\r\nb'),
).map((s) => (s.startsWith('\u0000') ? `x${s}` : s));
const optText = fc.option(rawText, { nil: null });
const day = fc.integer({ min: Date.UTC(2014, 0, 1), max: Date.UTC(2025, 11, 31) }).map((t) => new Date(t).toISOString().slice(0, 10));
// Few distinct days, so many rows share one and the keyset has to continue inside a day.
const fewDays = fc.constantFrom('2021-01-01', '2021-01-02', '2022-06-30');
const count = fc.oneof(fc.nat({ max: 1000 }), fc.constant(Number.MAX_SAFE_INTEGER), fc.maxSafeNat());

const reportArb = fc.record({
  date: fc.oneof(fewDays, day), date_precision: fc.constantFrom('day', 'month', 'year'),
  source: rawText, via: optText, party: rawText,
  kind: fc.constantFrom('incident', 'tally', 'estimate'), metric: fc.constantFrom('killed', 'wounded', 'casualties', 'missing', 'captured'),
  value: fc.option(count, { nil: null }), spread: fc.option(fc.tuple(fc.nat({ max: 50 }), fc.nat({ max: 50 })), { nil: null }),
  qualifier: fc.constantFrom('exact', 'about', 'at_least', 'at_most'),
  location: optText, event: optText, reported_on: fc.option(day, { nil: null }),
  url: fc.option(fc.tuple(fc.constantFrom('http://', 'https://'), fc.string({ unit, maxLength: 10 })).map(([a, b]) => a + b), { nil: null }),
  quote: optText, notes: optText,
}).map(({ spread, ...r }) => {
  const out: Record<string, string | number | null> = { ...r, period_start: null, low: null, high: null };
  if (r.kind === 'estimate') out.metric = 'troops';
  if (r.kind === 'tally') out.period_start = `${r.date.slice(0, 4)}-01-01`;
  const value = r.value ?? 0;
  if (spread !== null && value <= Number.MAX_SAFE_INTEGER - spread[1]) { out.low = Math.max(0, value - spread[0]); out.high = value + spread[1]; }
  if (out.low === null) out.value = value; // a report without a range has a value
  return out;
});

function insertAll(db: DB, reports: Record<string, string | number | null>[], ids: number[]): void {
  const insert = db.prepare(`INSERT INTO reports (id, ${REPORT_INPUT_FIELDS.join(', ')}, created_at, updated_at)
    VALUES (?, ${REPORT_INPUT_FIELDS.map((f) => '@' + f).join(', ')}, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')`);
  db.transaction(() => reports.forEach((r, i) => insert.run(ids[i], r)))();
}

/** What the export wrote before SQLite did: every row through csvLineOfValues, encoded as UTF-8. */
function oldBytes(db: DB): Buffer {
  const rows = createStore(db).exportPage({}, null, 1_000_000);
  return Buffer.from(rows.map(csvLineOfValues).join(''));
}

async function exported(db: DB, pageSize: number, opts: { bom?: boolean; hxl?: boolean } = {}): Promise<{ n: number; bytes: Buffer }> {
  const parts: Buffer[] = [];
  const out = new Writable({ write(chunk: Buffer, _enc, cb) { parts.push(Buffer.from(chunk)); cb(); } });
  const n = await writeCsvExport(createStore(db), {}, out, { pageSize, ...opts });
  return { n, bytes: Buffer.concat(parts) };
}

const HEADER = `${CSV_COLUMNS.join(',')}\r\n`;

describe('csvLineSql', () => {
  it('is byte-equal to csvLineOfValues and to csv-stringify for every row the table can hold', () => {
    const db = openDatabase(':memory:');
    try {
      const line = db.prepare(`SELECT CAST(${csvLineSql()} AS BLOB) FROM reports WHERE id = ?`).pluck();
      const values = db.prepare(`SELECT ${CSV_COLUMNS.join(', ')} FROM reports WHERE id = ?`).raw(true);
      let id = 0;
      fc.assert(
        fc.property(reportArb, (r) => {
          insertAll(db, [r], [++id]);
          const v = values.get(id) as Values;
          const js = csvLineOfValues(v);
          // A lone surrogate is stored as invalid UTF-8 (ED A0 80), which a JavaScript string reads as
          // U+FFFD per bad byte; writeCsvExport decodes a page that is not UTF-8 the same way.
          const sql = line.get(id) as Buffer;
          expect(Buffer.from(sql.toString('utf8')).toString('hex')).toBe(Buffer.from(js).toString('hex'));
          const lone = Object.values(r).some((x) => typeof x === 'string' && /\p{Cs}/u.test(x));
          expect(isUtf8(sql)).toBe(!lone);
          if (!lone) expect(sql.toString('hex')).toBe(Buffer.from(js).toString('hex'));
          const fields = v.map((x, i) => (x === null ? '' : TEXT.has(CSV_COLUMNS[i]!) ? defused(String(x)) : String(x)));
          expect(js).toBe(stringify([fields], { record_delimiter: 'windows', quote_record_delimiter: true }));
          expect(js).toBe(csvLine(fields));
        }),
        { numRuns: 1500 },
      );
    } finally {
      db.close();
    }
  });
});

describe('writeCsvExport (SQLite-written pages)', () => {
  let db: DB;
  beforeAll(() => { db = openDatabase(':memory:'); });
  afterAll(() => db.close());
  beforeEach(() => db.exec('DELETE FROM reports'));

  it('writes the same bytes as the JavaScript writer did, for any page size, continuing inside a day', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(reportArb, { minLength: 0, maxLength: 25 }),
        fc.integer({ min: 1, max: 30 }),
        fc.boolean(),
        async (reports, pageSize, bigIds) => {
          db.exec('DELETE FROM reports');
          // Ids in an order unrelated to the dates; some as large as a safe integer gets.
          const ids = reports.map((_, i) => (bigIds ? Number.MAX_SAFE_INTEGER - i * 7919 : ((i * 7) % 101) + 1));
          insertAll(db, reports, ids);
          const { n, bytes } = await exported(db, pageSize);
          expect(n).toBe(reports.length);
          expect(bytes.toString('hex')).toBe(Buffer.concat([Buffer.from(HEADER), oldBytes(db)]).toString('hex'));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('pages: row count and last key', () => {
    const store = createStore(db);
    expect(store.exportPage({}, null, 10, 'csv')).toEqual({ csv: Buffer.alloc(0), rows: 0, last: null });
    const base = { date_precision: 'day', period_start: null, via: null, party: 'P', metric: 'killed', kind: 'incident', value: 1, qualifier: 'exact', low: null, high: null, location: null, event: null, reported_on: null, url: null, quote: null, notes: null };
    insertAll(db, [{ ...base, date: '2021-01-02', source: 'a' }, { ...base, date: '2021-01-01', source: 'b' }, { ...base, date: '2021-01-02', source: 'c' }], [5, 900, 42]);
    const first = store.exportPage({}, null, 2, 'csv');
    expect(first.rows).toBe(2);
    expect(first.last).toEqual({ date: '2021-01-02', id: 5 });
    expect(first.csv.toString()).toBe('900,2021-01-01,day,,b,,P,killed,incident,1,exact,,,,,,,,\r\n5,2021-01-02,day,,a,,P,killed,incident,1,exact,,,,,,,,\r\n');
    const second = store.exportPage({}, first.last, 2, 'csv');
    expect(second).toEqual({ csv: Buffer.from('42,2021-01-02,day,,c,,P,killed,incident,1,exact,,,,,,,,\r\n'), rows: 1, last: { date: '2021-01-02', id: 42 } });
    // A filter applies as in the rows form.
    expect(store.exportPage({ source: ['c', 'b'] }, null, 10, 'csv').rows).toBe(2);
  });

  it('keeps the BOM and HXL header', async () => {
    const { bytes } = await exported(db, 5, { bom: true, hxl: true });
    expect(bytes.toString('utf8').startsWith(`\uFEFF${HEADER}#meta+id,#date,`)).toBe(true);
  });

  it('writes text stored as invalid UTF-8 (by another writer) as the JavaScript writer did: U+FFFD per bad sequence', async () => {
    const bytesArb = fc.uint8Array({ minLength: 0, maxLength: 12 }).map((b) => Buffer.concat([Buffer.from('x'), Buffer.from(b.filter((x) => x !== 0))]));
    const insert = db.prepare(`INSERT INTO reports (date, source, party, metric, kind, value, quote, created_at, updated_at)
      VALUES ('2021-01-01', CAST(? AS TEXT), 'P', 'killed', 'incident', 1, CAST(? AS TEXT), 'x', 'x')`);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(bytesArb, bytesArb), { minLength: 1, maxLength: 6 }), async (cells) => {
        db.exec('DELETE FROM reports');
        for (const [source, quote] of cells) insert.run(source, quote);
        const { bytes } = await exported(db, 2);
        expect(bytes.toString('hex')).toBe(Buffer.concat([Buffer.from(HEADER), oldBytes(db)]).toString('hex'));
      }),
      { numRuns: 200 },
    );
  });
});
