// The CSV format (DESIGN.md "Interfaces", CSV): writer, formula neutralisation, header check, record
// mapping, the parser's physical line numbers and format errors, and data/seed.csv.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import {
  CSV_COLUMNS,
  checkCsvHeader,
  csvLine,
  csvRecordToInput,
  neutraliseCell,
  reportToCsvFields,
  unneutraliseCell,
} from '../server/domain/csv';
import { CsvFormatError, MAX_FIELD_LENGTH, parseCsv, parseCsvSync, type CsvRecord } from '../server/csv/parse';
import { ReportInput, REPORT_INPUT_FIELDS, fieldErrors, inputOf, type Report } from '../server/domain/report';

const SEED = path.join(__dirname, '..', 'data', 'seed.csv');

async function collect(it: AsyncIterable<CsvRecord>): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const r of it) out.push(r);
  return out;
}

/** Every way the parser can be fed must agree: sync, async over a string, and a stream of small chunks. */
async function parseAllWays(text: string): Promise<CsvRecord[]> {
  const sync = parseCsvSync(text);
  expect(await collect(parseCsv(text))).toEqual(sync);
  expect(await collect(parseCsv(Buffer.from(text)))).toEqual(sync);
  for (const size of [1, 3]) {
    const buf = Buffer.from(text);
    const chunks: Buffer[] = [];
    for (let i = 0; i < buf.length; i += size) chunks.push(buf.subarray(i, i + size));
    expect(await collect(parseCsv(Readable.from(chunks)))).toEqual(sync);
  }
  return sync;
}

/** The CsvFormatError every way of parsing throws (all must agree). */
async function formatError(text: string): Promise<CsvFormatError> {
  let syncErr: unknown;
  try {
    parseCsvSync(text);
  } catch (e) {
    syncErr = e;
  }
  expect(syncErr).toBeInstanceOf(CsvFormatError);
  const e = syncErr as CsvFormatError;
  await expect(collect(parseCsv(text))).rejects.toEqual(e);
  await expect(collect(parseCsv(Readable.from([Buffer.from(text)])))).rejects.toMatchObject({ line: e.line, message: e.message });
  return e;
}

const HEADER = 'source,party,metric,kind,date,value';
const row = (source: string, value = 1) => `${source},Ukrainian forces,killed,incident,2021-12-01,${value}`;

describe('csvLine', () => {
  it('writes plain fields as they are, joined by commas, ending in CRLF', () => {
    expect(csvLine(['1', 'AFP', '', 'Київ'])).toBe('1,AFP,,Київ\r\n');
    expect(csvLine([])).toBe('\r\n');
  });

  it('quotes exactly the fields with a comma, a double quote, CR or LF, doubling quotes', () => {
    expect(csvLine(['a,b', 'say "hi"', 'line\nbreak', 'cr\rhere', 'crlf\r\nhere', '"', 'x'])).toBe(
      '"a,b","say ""hi""","line\nbreak","cr\rhere","crlf\r\nhere","""",x\r\n',
    );
    expect(csvLine(['Lavrov warned against a Ukrainian "military adventure"'])).toBe(
      '"Lavrov warned against a Ukrainian ""military adventure"""\r\n',
    );
  });

  it('leaves formula-looking, non-ASCII and whitespace fields alone (neutralising is not its job)', () => {
    expect(csvLine(['=SUM(A1)', '+380', '-5', '@x', '\tx', ' padded ', 'Київ', '😀', "'quoted'"])).toBe(
      "=SUM(A1),+380,-5,@x,\tx, padded ,Київ,😀,'quoted'\r\n",
    );
  });

  it('writes neutralised hostile cells as a whole line', () => {
    const hostile = ['=SUM(A1)', '+380', '-5', '@x', '\tx', '\rx', '=1,2', '-"a"', 'Київ, "центр"'];
    expect(csvLine(hostile.map(neutraliseCell))).toBe(
      `'=SUM(A1),'+380,'-5,'@x,'\tx,"'\rx","'=1,2","'-""a""","Київ, ""центр"""\r\n`,
    );
  });

  // csv-stringify quotes a lone CR or LF only with quote_record_delimiter, which turns off by default
  // once record_delimiter is given; without it, 'a\nb' would be written bare.
  it('is byte-equal to csv-stringify with CRLF records and quoted CR/LF', () => {
    const field = fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: fc.constantFrom('a', ',', '"', '\r', '\n', ' ', '=', "'", 'ї') }),
    );
    fc.assert(
      fc.property(fc.array(field, { minLength: 1, maxLength: 6 }), (fields) => {
        expect(csvLine(fields)).toBe(stringify([fields], { record_delimiter: 'windows', quote_record_delimiter: true }));
      }),
      { numRuns: 500 },
    );
  });
});

describe('neutraliseCell / unneutraliseCell', () => {
  it('puts a quote before a leading =, +, -, @, tab or CR, and nothing else', () => {
    expect(neutraliseCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(neutraliseCell('+380')).toBe("'+380");
    expect(neutraliseCell('-5')).toBe("'-5");
    expect(neutraliseCell('@x')).toBe("'@x");
    expect(neutraliseCell('\tx')).toBe("'\tx");
    expect(neutraliseCell('\rx')).toBe("'\rx");
    expect(neutraliseCell('')).toBe('');
    expect(neutraliseCell('Київ')).toBe('Київ');
    expect(neutraliseCell('a=b')).toBe('a=b');
    expect(neutraliseCell(' =x')).toBe(' =x');
    expect(neutraliseCell("'quoted'")).toBe("'quoted'");
    expect(neutraliseCell("'")).toBe("'");
  });

  it('gives a text that already looks neutralised one more quote, so the round trip stays exact', () => {
    expect(neutraliseCell("'=x")).toBe("''=x");
    expect(neutraliseCell("''-5")).toBe("'''-5");
    expect(unneutraliseCell("''=x")).toBe("'=x");
  });

  it('removes exactly the one quote neutralising adds', () => {
    expect(unneutraliseCell("'=SUM(A1)")).toBe('=SUM(A1)');
    expect(unneutraliseCell("'-5")).toBe('-5');
    expect(unneutraliseCell("'\tx")).toBe('\tx');
    expect(unneutraliseCell("'quoted'")).toBe("'quoted'");
    expect(unneutraliseCell("'")).toBe("'");
    expect(unneutraliseCell('=x')).toBe('=x');
    expect(unneutraliseCell('')).toBe('');
  });

  const tricky = fc
    .tuple(
      fc.constantFrom('', "'", "''", '=', '+', '-', '@', '\t', '\r', "'=", "''+", "'@", "'x", ' '),
      fc.string({ unit: 'grapheme' }),
    )
    .map(([a, b]) => a + b);
  const anyText = fc.oneof(tricky, fc.string({ unit: 'binary' }));

  it('round-trips every string', () => {
    fc.assert(fc.property(anyText, (s) => unneutraliseCell(neutraliseCell(s)) === s), { numRuns: 2000 });
  });

  it('never leaves a formula start, and changes nothing that needs no change', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const n = neutraliseCell(s);
        expect(/^[=+\-@\t\r]/.test(n)).toBe(false);
        if (!/^'*[=+\-@\t\r]/.test(s)) expect(n).toBe(s);
      }),
      { numRuns: 2000 },
    );
  });
});

const REPORT: Report = {
  id: 7,
  date: '2021-12-01',
  date_precision: 'day',
  period_start: null,
  source: '=cmd|calc',
  via: '+AFP',
  party: 'Ukrainian forces',
  metric: 'killed',
  kind: 'incident',
  value: 1,
  qualifier: 'exact',
  low: null,
  high: 3,
  location: '-Київ, "центр"',
  event: '@ev',
  reported_on: '2021-12-02',
  url: 'https://example.org/a?b=1,2',
  quote: 'He said "no".\r\nThen left.',
  notes: null,
  created_at: '2021-12-02T10:00:00.000Z',
  updated_at: '2021-12-02T10:00:00.000Z',
  revision: 2,
};

describe('CSV_COLUMNS and reportToCsvFields', () => {
  it('is the header of DESIGN.md', () => {
    expect(CSV_COLUMNS.join(',')).toBe(
      'id,date,date_precision,period_start,source,via,party,metric,kind,value,qualifier,low,high,location,event,reported_on,url,quote,notes',
    );
  });

  it('writes a report in column order, null as empty, text neutralised, numbers never', () => {
    expect(reportToCsvFields(REPORT)).toEqual([
      '7', '2021-12-01', 'day', '', "'=cmd|calc", "'+AFP", 'Ukrainian forces', 'killed', 'incident', '1',
      'exact', '', '3', '\'-Київ, "центр"', "'@ev", '2021-12-02', 'https://example.org/a?b=1,2',
      'He said "no".\r\nThen left.', '',
    ]);
    expect(csvLine(reportToCsvFields(REPORT))).toBe(
      '7,2021-12-01,day,,\'=cmd|calc,\'+AFP,Ukrainian forces,killed,incident,1,exact,,3,"\'-Київ, ""центр""",\'@ev,' +
        '2021-12-02,"https://example.org/a?b=1,2","He said ""no"".\r\nThen left.",\r\n',
    );
  });
});

describe('csvRecordToInput', () => {
  const base = { source: 'AFP', party: 'Ukrainian forces', metric: 'killed', kind: 'incident', date: '2021-12-01' };

  it('reads integers, leaves out empty cells, un-neutralises text only, ignores the assigned columns', () => {
    const { id, input } = csvRecordToInput({
      ...base, id: '12', value: '40', low: '', high: ' 45 ', via: "'=x", notes: "'-5", date_precision: '',
      event: '', created_at: '2021-01-01T00:00:00Z', updated_at: 'x', revision: '3',
    });
    expect(id).toBe(12);
    expect(input).toEqual({ ...base, value: 40, high: 45, via: '=x', notes: '-5' });
    expect(ReportInput.safeParse(input).success).toBe(true);
  });

  it('does not un-neutralise enums, dates or numbers', () => {
    const { input } = csvRecordToInput({ ...base, metric: "'=killed", date: "'-2021", value: "'-5" });
    expect(input).toEqual({ ...base, metric: "'=killed", date: "'-2021", value: "'-5" });
  });

  it('keeps a non-integer as text so the schema says "must be a whole number"', () => {
    const { input } = csvRecordToInput({ ...base, value: '1,000', low: '2.5', high: 'many' });
    expect(input).toMatchObject({ value: '1,000', low: '2.5', high: 'many' });
    const r = ReportInput.safeParse(input);
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => [i.path.join('.'), i.message]);
    expect(paths).toEqual(expect.arrayContaining([
      ['value', 'must be a whole number'], ['low', 'must be a whole number'], ['high', 'must be a whole number'],
    ]));
  });

  it('reads a negative integer as a number so the schema says "must be 0 or more"', () => {
    const { input } = csvRecordToInput({ ...base, value: '-5' });
    expect(input).toMatchObject({ value: -5 });
  });

  it('reads the id: blank or absent is null, anything but a positive whole number is invalid', () => {
    expect(csvRecordToInput({ ...base, value: '1' }).id).toBeNull();
    expect(csvRecordToInput({ ...base, id: '', value: '1' }).id).toBeNull();
    expect(csvRecordToInput({ ...base, id: '  ', value: '1' }).id).toBeNull();
    expect(csvRecordToInput({ ...base, id: ' 3 ', value: '1' }).id).toBe(3);
    for (const bad of ['0', '-1', '1.5', 'x', '99999999999999999999', "'=1"]) {
      expect(csvRecordToInput({ ...base, id: bad, value: '1' }).id).toBe('invalid');
    }
  });

  it('passes unknown columns through, so the schema names them', () => {
    const record = Object.fromEntries([...Object.entries(base), ['value', '1'], ['colour', 'red'], ['__proto__', 'x']]);
    const { input } = csvRecordToInput(record);
    expect(Object.getPrototypeOf(input)).toBe(Object.prototype);
    expect(Object.keys(input as object)).toEqual([...Object.keys(base), 'value', 'colour', '__proto__']);
    const r = ReportInput.safeParse(input);
    expect(r.success).toBe(false);
    expect(fieldErrors(r.error!.issues)).toEqual(Object.fromEntries([['colour', ['unknown field']], ['__proto__', ['unknown field']]]));
  });
});

describe('checkCsvHeader', () => {
  it('accepts the export header, any order, the assigned columns, and a BOM', () => {
    expect(checkCsvHeader([...CSV_COLUMNS])).toEqual({ ok: true });
    expect(checkCsvHeader(['value', 'date', 'kind', 'metric', 'party', 'source'])).toEqual({ ok: true });
    expect(checkCsvHeader(['\ufeffsource', 'party', 'metric', 'kind', 'date', 'value'])).toEqual({ ok: true });
    expect(checkCsvHeader([...CSV_COLUMNS, 'created_at', 'updated_at', 'revision'])).toEqual({ ok: true });
  });

  it('names missing required, unknown and duplicate columns at once', () => {
    const r = checkCsvHeader(['source', 'party', 'kind', 'date', 'colour', 'date', 'Value']);
    expect(r.ok).toBe(false);
    const message = (r as { message: string }).message;
    expect(message).toContain('missing required columns "metric", "value"');
    expect(message).toContain('unknown columns "colour", "Value"');
    expect(message).toContain('duplicate column "date"');
  });

  it('refuses a BOM anywhere but at the start of the first name', () => {
    expect(checkCsvHeader(['source', '\ufeffparty', 'party', 'metric', 'kind', 'date', 'value']).ok).toBe(false);
  });
});

describe('parseCsv', () => {
  it('gives each record the physical line where it starts, after multi-line records and blank lines', async () => {
    const text = [
      HEADER,
      row('a'),
      '"multi\r\nline\r\nsource",Ukrainian forces,killed,incident,2021-12-01,2',
      '',
      row('b', 3),
      '"one\nLF",Ukrainian forces,killed,incident,2021-12-01,"4"',
      '',
      '',
      row('c', 5),
    ].join('\r\n');
    const records = await parseAllWays(text);
    expect(records.map((r) => [r.line, r.record.source, r.record.value])).toEqual([
      [2, 'a', '1'],
      [3, 'multi\r\nline\r\nsource', '2'],
      [7, 'b', '3'],
      [8, 'one\nLF', '4'],
      [12, 'c', '5'],
    ]);
    expect(records[0]!.record).toEqual({
      source: 'a', party: 'Ukrainian forces', metric: 'killed', kind: 'incident', date: '2021-12-01', value: '1',
    });
  });

  it('counts lines the same in LF and CR files, and with blank lines before the header', async () => {
    const lines = ['', '', HEADER, '"x\r\ny\nz",b,c,d,e,1', '', row('next')];
    for (const eol of ['\n', '\r', '\r\n']) {
      const records = await parseAllWays(lines.join(eol) + eol);
      expect(records.map((r) => [r.line, r.record.source])).toEqual([[4, 'x\r\ny\nz'], [8, 'next']]);
    }
  });

  it('skips a UTF-8 BOM and takes the columns in any order', async () => {
    const text = '\ufeffvalue,date,kind,metric,party,source,id\r\n40,2021-12-02,tally,killed,Pro-Russia separatists,x,\r\n';
    const records = await parseAllWays(text);
    expect(records).toEqual([{
      line: 2,
      record: { value: '40', date: '2021-12-02', kind: 'tally', metric: 'killed', party: 'Pro-Russia separatists', source: 'x', id: '' },
    }]);
    expect(Object.keys(records[0]!.record)[0]).toBe('value');
  });

  it('reads a header-only file as no records, and an empty file as an error', async () => {
    expect(await parseAllWays(`${HEADER}\r\n`)).toEqual([]);
    expect(await formatError('')).toMatchObject({ line: 1 });
    expect(await formatError('\r\n\r\n')).toMatchObject({ line: 1 });
  });

  it('reports an unclosed quote on the line where its record starts', async () => {
    const text = [HEADER, row('a'), '"two\r\nlines",b,c,d,e,1', '', 'x,"never closed,c,d,e,1', row('b'), row('c')].join('\r\n');
    const e = await formatError(text);
    expect(e).toBeInstanceOf(CsvFormatError);
    expect(e.name).toBe('CsvFormatError');
    expect(e.line).toBe(6);
    expect(e.message).toMatch(/^Line 6: a quoted field is never closed/);
  });

  it('reports a wrong column count with its line', async () => {
    const e = await formatError([HEADER, row('a'), '', 'a,b,c,d,e', row('b')].join('\r\n'));
    expect(e).toMatchObject({ line: 4, message: 'Line 4: the record has 5 fields, the header 6.' });
    const more = await formatError([HEADER, '"x\r\ny",b,c,d,e,1,extra'].join('\r\n'));
    expect(more).toMatchObject({ line: 2, message: 'Line 2: the record has 7 fields, the header 6.' });
  });

  it('reports stray quotes with their line', async () => {
    expect(await formatError([HEADER, row('a'), 'say "hi",b,c,d,e,1'].join('\n'))).toMatchObject({ line: 3 });
    expect(await formatError([HEADER, row('a'), '"say "hi"",b,c,d,e,1'].join('\n'))).toMatchObject({ line: 3 });
  });

  it(`refuses a cell over ${MAX_FIELD_LENGTH} characters, and a runaway record`, async () => {
    const ok = 'x'.repeat(MAX_FIELD_LENGTH);
    expect(await parseAllWays([HEADER, row(ok)].join('\r\n'))).toHaveLength(1);
    const long = await formatError([HEADER, row('a'), row(`"${ok}y"`)].join('\r\n'));
    expect(long).toMatchObject({ line: 3, message: `Line 3: the "source" cell is longer than ${MAX_FIELD_LENGTH} characters.` });
    const runaway = await formatError([HEADER, row('a'), `"${'z'.repeat(MAX_FIELD_LENGTH * 40)}`].join('\r\n'));
    expect(runaway.line).toBe(3);
  });

  it('checks the header by default (on its line), and not when asked not to', async () => {
    const e = await formatError(`\r\nsource,party,colour\r\na,b,c\r\n`);
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/^Line 2: .*unknown column "colour"/);
    expect(parseCsvSync('a,b\r\n1,2\r\n', { checkHeader: false })).toEqual([{ line: 2, record: { a: '1', b: '2' } }]);
    expect(await collect(parseCsv('a,b\r\n1,2\r\n', { checkHeader: false }))).toEqual([{ line: 2, record: { a: '1', b: '2' } }]);
  });

  it('passes on an error of the input stream, and stops cleanly when the reader stops early', async () => {
    const failing = new Readable({ read() {} });
    failing.push(`${HEADER}\r\n${row('a')}\r\n`);
    setImmediate(() => failing.destroy(new Error('disk on fire')));
    await expect(collect(parseCsv(failing))).rejects.toThrow('disk on fire');

    const many = Readable.from([`${HEADER}\r\n`, ...Array.from({ length: 1000 }, (_, i) => `${row(`s${i}`)}\r\n`)]);
    let seen = 0;
    for await (const r of parseCsv(many)) {
      seen++;
      if (r.line === 3) break;
    }
    expect(seen).toBe(2);
  });
});

describe('export then import', () => {
  const text = fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.trim()).filter((s) => s !== '');
  const hostile = fc.oneof(
    text,
    fc.tuple(fc.constantFrom('=', '+', '-', '@', "'", "'=", "''-", '"', ','), text).map(([a, b]) => a + b),
    fc.constantFrom('=SUM(A1)', '+380', '-5', '@x', 'Київ', 'a,"b"\r\nc', "'=x"),
  );

  it('reads back every field of a report exactly', () => {
    fc.assert(
      fc.property(hostile, hostile, fc.option(hostile, { nil: null }), fc.option(hostile, { nil: null }), fc.nat(), (source, party, quote, notes, value) => {
        const report: Report = { ...REPORT, source, party, quote, notes, value, high: value + 1 };
        const file = csvLine([...CSV_COLUMNS, 'created_at', 'updated_at', 'revision']) +
          csvLine([...reportToCsvFields(report), report.created_at, report.updated_at, String(report.revision)]);
        const [record, ...rest] = parseCsvSync(file);
        expect(rest).toEqual([]);
        expect(record!.line).toBe(2);
        const { id, input } = csvRecordToInput(record!.record);
        expect(id).toBe(report.id);
        const parsed = ReportInput.parse(input);
        const expected = Object.fromEntries(Object.entries(inputOf(report)).map(([k, v]) => [k, v ?? undefined]));
        expect(parsed).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('data/seed.csv', () => {
  const bytes = fs.readFileSync(SEED);
  const records = parseCsvSync(bytes);

  it('is canonical CSV: our header, no BOM, CRLF endings, each line as csvLine writes it', () => {
    const text = bytes.toString('utf8');
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(text.startsWith(csvLine(CSV_COLUMNS))).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const rewritten = csvLine(CSV_COLUMNS) + records.map((r) => csvLine(CSV_COLUMNS.map((c) => r.record[c]!))).join('');
    expect(text).toBe(rewritten);
  });

  it('holds the nine reports of DESIGN.md, each valid, without ids', () => {
    expect(records.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const inputs = records.map((r) => {
      const { id, input } = csvRecordToInput(r.record);
      expect(id).toBeNull();
      const parsed = ReportInput.safeParse(input);
      if (!parsed.success) throw new Error(`line ${r.line}: ${JSON.stringify(parsed.error.issues)}`);
      return parsed.data;
    });
    expect(inputs.map((r) => [r.source, r.party, r.metric, r.kind, r.date, r.period_start, r.value, r.qualifier])).toEqual([
      ['AFP', 'Ukrainian forces', 'killed', 'tally', '2021-12-02', '2021-01-01', 61, 'exact'],
      ['AFP', 'Ukrainian forces', 'killed', 'tally', '2020-12-31', '2020-01-01', 50, 'exact'],
      ['Ukrainian army', 'Ukrainian forces', 'killed', 'incident', '2021-12-01', undefined, 1, 'exact'],
      ['Ukrainian army', 'Ukrainian forces', 'killed', 'tally', '2021-11-30', '2021-11-01', 6, 'exact'],
      ['Pro-Russia separatists', 'Pro-Russia separatists', 'killed', 'tally', '2021-12-02', '2021-01-01', 40, 'about'],
      ['France 24', 'All parties', 'killed', 'tally', '2021-12-02', '2014-04-01', 13000, 'at_least'],
      ['Ukrainian government', 'Russian forces', 'troops', 'estimate', '2021-12-02', undefined, 90000, 'at_least'],
      ['Ukrainian government', 'Russian forces', 'troops', 'estimate', '2021-10-31', undefined, 115000, 'about'],
      ['Russian Foreign Ministry', 'Ukrainian forces', 'troops', 'estimate', '2021-12-01', undefined, 125000, 'about'],
    ]);
    expect(inputs.map((r) => [r.via, r.date_precision, r.location, r.reported_on, r.low, r.high, r.event, r.url])).toEqual([
      ['France 24', 'day', undefined, '2021-12-02', undefined, undefined, undefined, undefined],
      ['France 24', 'day', undefined, '2021-12-02', undefined, undefined, undefined, undefined],
      ['AFP', 'day', 'eastern Ukraine', '2021-12-02', undefined, undefined, undefined, undefined],
      ['AFP', 'day', 'eastern Ukraine', '2021-12-02', undefined, undefined, undefined, undefined],
      ['France 24', 'day', undefined, '2021-12-02', undefined, undefined, undefined, undefined],
      [undefined, 'day', undefined, '2021-12-02', undefined, undefined, undefined, undefined],
      ['France 24', 'day', "near Ukraine's border", '2021-12-02', undefined, undefined, undefined, undefined],
      ['France 24', 'month', undefined, '2021-12-02', undefined, undefined, undefined, undefined],
      ['France 24', 'day', 'eastern Ukraine', '2021-12-02', undefined, undefined, undefined, undefined],
    ]);
    expect(inputs.map((r) => r.quote)).toEqual([
      "The latest death brings Ukraine's toll in the simmering conflict to 61 since the start of the year, according to an AFP tally based on official figures",
      'compared to a total of 50 in all of 2020',
      'A Ukrainian soldier was killed in clashes with pro-Russia separatists in the east of the country, Kyiv said Thursday.',
      'it had lost six other servicemen in the same zone last month',
      'Pro-Russia separatists have reported the loss of some 40 fighters since the start of the year.',
      "The war erupted shortly after Moscow annexed Ukraine's Crimea peninsula and has since claimed more than 13,000 lives.",
      'Kyiv says Russia has amassed more than 90,000 troops near their long shared border.',
      'Ukrainian officials said at the time that Russia had moved about 115,000 soldiers to the area.',
      'Lavrov on Wednesday warned against a Ukrainian "military adventure" after his ministry said Kyiv had deployed some 125,000 troops to the east.',
    ]);
    expect(inputs.map((r) => r.notes)).toEqual([
      'tally based on official figures',
      'tally based on official figures',
      undefined,
      undefined,
      undefined,
      'The text says only "since 2014"; the period start is the war\'s, April 2014.',
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('has every report field as a column', () => {
    expect(Object.keys(records[0]!.record)).toEqual(['id', ...REPORT_INPUT_FIELDS]);
  });
});
