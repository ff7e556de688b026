// The export (the route and `npm run export`, both through exportSnapshot) reads one consistent state:
// reports written, changed or deleted while it pages never show in the file, and no page is torn.
import { Writable } from 'node:stream';
import { createStore } from '../server/db/store';
import { ReportInput } from '../server/domain/report';
import { exportSnapshot, writeCsvExport } from '../server/csv/export';
import { incident, testApp } from './helpers';

/** Collects what is written; calls `between` once the header and the first page are out. */
function sink(between: () => void): Writable & { text(): string } {
  const chunks: Buffer[] = [];
  let writes = 0;
  const w = new Writable({
    write(chunk: Buffer, _e, done) {
      chunks.push(Buffer.from(chunk));
      if (++writes === 2) between();
      done();
    },
  });
  return Object.assign(w, { text: () => Buffer.concat(chunks).toString('utf8') });
}

test('writes landing between two pages of an export are not in it', async () => {
  const t = testApp();
  try {
    const store = createStore(t.db);
    const ids = Array.from({ length: 9 }, (_, i) => store.insertReport(ReportInput.parse(incident({ date: `2022-01-0${i + 1}`, value: i })), 'test').id);
    const before = sink(() => undefined);
    await writeCsvExport(store, {}, before, { pageSize: 3 });

    const during = sink(() => {
      // Between the first and second page: a new report early in the order, one late, an edit and a delete.
      store.insertReport(ReportInput.parse(incident({ date: '2022-01-01', value: 100 })), 'test');
      store.insertReport(ReportInput.parse(incident({ date: '2022-01-09', value: 101 })), 'test');
      store.updateReport(ids[5]!, ReportInput.parse(incident({ date: '2022-01-06', value: 555 })), 'test');
      store.deleteReport(ids[7]!, 'test');
    });
    const n = await exportSnapshot(store, {}, during, { pageSize: 3 });
    expect(n).toBe(9);
    expect(during.text()).toBe(before.text());
  } finally {
    t.close();
  }
});
